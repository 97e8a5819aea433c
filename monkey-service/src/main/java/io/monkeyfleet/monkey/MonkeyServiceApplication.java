package io.monkeyfleet.monkey;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the monkey-service. */
@SpringBootApplication
public class MonkeyServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(MonkeyServiceApplication.class, args);
	}

}

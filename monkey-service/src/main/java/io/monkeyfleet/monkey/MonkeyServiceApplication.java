package io.monkeyfleet.monkey;

import io.monkeyfleet.web.errors.ErrorAnswers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Starts the monkey-service. */
@SpringBootApplication
// Problem answers for what is refused before Spring MVC (firewall, Tomcat, /error).
@Import(ErrorAnswers.class)
public class MonkeyServiceApplication {

	public static void main(String[] args) {
		SpringApplication.run(MonkeyServiceApplication.class, args);
	}

}

package io.monkeyfleet.agent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the monitor-agent. */
@SpringBootApplication
public class MonitorAgentApplication {

	public static void main(String[] args) {
		SpringApplication.run(MonitorAgentApplication.class, args);
	}

}

package io.monkeyfleet.provisioner;

import io.monkeyfleet.web.errors.ErrorAnswers;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Import;

/** Starts the provisioner-service. */
@SpringBootApplication
// Problem answers for what is refused before Spring MVC (firewall, Tomcat, /error).
@Import(ErrorAnswers.class)
public class ProvisionerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ProvisionerApplication.class, args);
	}

}

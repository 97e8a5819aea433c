package io.monkeyfleet.provisioner;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Starts the provisioner-service. */
@SpringBootApplication
public class ProvisionerApplication {

	public static void main(String[] args) {
		SpringApplication.run(ProvisionerApplication.class, args);
	}

}

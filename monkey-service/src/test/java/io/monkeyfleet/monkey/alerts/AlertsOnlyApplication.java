package io.monkeyfleet.monkey.alerts;

import java.time.Clock;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Just the alerts, wired as monkey-service wires them (auto-configuration and
 * {@link AlertsConfiguration}), without the rest of the service: what a test of the
 * alerts' configuration starts.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(AlertsConfiguration.class)
class AlertsOnlyApplication {

	static SpringApplicationBuilder builder(String... properties) {
		return new SpringApplicationBuilder(AlertsOnlyApplication.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.properties(properties);
	}

	/** Starts with the given clock in place of the system clock. */
	static ConfigurableApplicationContext run(Clock clock, String... properties) {
		return builder(properties).initializers((context) -> context.getBeanFactory().registerSingleton("clock", clock))
			.run();
	}

}

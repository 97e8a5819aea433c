package io.monkeyfleet.startup;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns off Spring Boot's own multi-line start-up failure report, so that
 * {@link OneLineFailureReporter}'s line is the one an operator reads. Added with the
 * lowest precedence: a service's own logging configuration can turn it back on.
 */
public class QuietDefaultFailureReport implements EnvironmentPostProcessor {

	static final String REPORTER_LOG_LEVEL = "logging.level.org.springframework.boot.diagnostics.LoggingFailureAnalysisReporter";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("monkeyFleetStartupDefaults", Map.of(REPORTER_LOG_LEVEL, "off")));
	}

}

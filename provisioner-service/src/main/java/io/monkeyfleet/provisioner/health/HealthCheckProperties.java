package io.monkeyfleet.provisioner.health;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the provisioner decides an app is back: its health path answering 200.
 *
 * @param timeout how long a job waits for a host's app to become healthy before the step
 * fails
 * @param interval how often it asks while waiting
 * @param requestTimeout how long one health request may take (a hung app does not answer)
 */
@Validated
@ConfigurationProperties("monkeyfleet.provisioner.health")
public record HealthCheckProperties(@DefaultValue("5m") @NotNull Duration timeout,
		@DefaultValue("1s") @NotNull Duration interval, @DefaultValue("2s") @NotNull Duration requestTimeout) {

}

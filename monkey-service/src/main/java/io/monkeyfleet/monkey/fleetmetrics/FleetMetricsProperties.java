package io.monkeyfleet.monkey.fleetmetrics;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The fleet gauges on {@code /actuator/prometheus} ({@code monkeyfleet.fleet-metrics.*}).
 *
 * @param enabled whether monkey-service reads the fleet for its gauges
 * @param interval how often the fleet is read for them; each read is one snapshot (a few
 * Redis round trips) and one read of the new events
 */
@Validated
@ConfigurationProperties("monkeyfleet.fleet-metrics")
public record FleetMetricsProperties(@DefaultValue("true") boolean enabled,
		@DefaultValue("5s") @NotNull Duration interval) {

	public FleetMetricsProperties {
		if (interval != null && (interval.isNegative() || interval.isZero())) {
			throw new IllegalArgumentException("monkeyfleet.fleet-metrics.interval must be positive, was " + interval);
		}
	}

}

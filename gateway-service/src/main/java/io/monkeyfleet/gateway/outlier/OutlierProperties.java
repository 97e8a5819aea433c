package io.monkeyfleet.gateway.outlier;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Passive outlier detection: a node that refuses connections or keeps failing is taken
 * out of this gateway's rotation for a while, before any agent sample or monkey decision.
 *
 * @param consecutiveServerErrors this many 5xx answers in a row (or response timeouts)
 * eject a node; a connection failure ejects at once
 * @param baseEjectionTime the first ejection's length; each further one doubles it
 * @param maxEjectionTime the longest an ejection lasts; a node not ejected for this long
 * starts again from the base time
 */
@Validated
@ConfigurationProperties("monkeyfleet.gateway.outlier")
public record OutlierProperties(@DefaultValue("5") @Min(1) @Max(1000) int consecutiveServerErrors,
		@DefaultValue("10s") @NotNull Duration baseEjectionTime,
		@DefaultValue("5m") @NotNull Duration maxEjectionTime) {

	public OutlierProperties {
		if (baseEjectionTime.isNegative() || baseEjectionTime.isZero()) {
			throw new IllegalArgumentException(
					"monkeyfleet.gateway.outlier.base-ejection-time must be positive, was " + baseEjectionTime);
		}
		if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
			throw new IllegalArgumentException("monkeyfleet.gateway.outlier.max-ejection-time (" + maxEjectionTime
					+ ") must be at least base-ejection-time (" + baseEjectionTime + ")");
		}
	}

}

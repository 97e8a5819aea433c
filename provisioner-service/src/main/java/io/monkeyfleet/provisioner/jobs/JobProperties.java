package io.monkeyfleet.provisioner.jobs;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How jobs run and how long they are kept.
 *
 * @param maxConcurrent jobs this provisioner runs at once; more wait their turn
 * @param leaseTime how long a provisioner's claim on a running job lasts without renewal;
 * a crashed provisioner's jobs are taken over after this
 * @param retention how long a finished job stays readable
 * @param idempotencyKeyTime how long an {@code Idempotency-Key} keeps returning the job
 * it created
 * @param outputExcerptLength how many characters of a step's output are kept (the last
 * ones)
 * @param maxListed the most jobs one list request returns
 */
@Validated
@ConfigurationProperties("monkeyfleet.provisioner.jobs")
public record JobProperties(@DefaultValue("4") @Min(1) @Max(64) int maxConcurrent,
		@DefaultValue("15s") @NotNull Duration leaseTime, @DefaultValue("7d") @NotNull Duration retention,
		@DefaultValue("24h") @NotNull Duration idempotencyKeyTime,
		@DefaultValue("4000") @Min(200) @Max(100000) int outputExcerptLength,
		@DefaultValue("200") @Min(1) @Max(10000) int maxListed) {

	public JobProperties {
		if (leaseTime != null && leaseTime.compareTo(Duration.ofSeconds(1)) < 0) {
			throw new IllegalArgumentException("jobs lease-time must be at least 1s, was " + leaseTime);
		}
	}

}

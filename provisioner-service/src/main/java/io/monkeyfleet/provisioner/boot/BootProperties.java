package io.monkeyfleet.provisioner.boot;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the provisioner decides a host has rebooted: its node's agent publishes a boot
 * marker other than the one noted before the reboot.
 *
 * @param timeout how long a reboot job waits for the new boot marker before the step
 * fails. 10 minutes: EC2 waits up to four minutes for a clean shutdown before it forces
 * one, and a machine then boots and starts its agent
 * @param pollInterval how often the node's sample is read while waiting
 */
@Validated
@ConfigurationProperties("monkeyfleet.provisioner.boot")
public record BootProperties(@DefaultValue("10m") @NotNull Duration timeout,
		@DefaultValue("1s") @NotNull Duration pollInterval) {

	public BootProperties {
		requirePositive(timeout, "monkeyfleet.provisioner.boot.timeout");
		requirePositive(pollInterval, "monkeyfleet.provisioner.boot.poll-interval");
	}

	private static void requirePositive(Duration duration, String property) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			throw new IllegalArgumentException(property + " must be positive, was " + duration);
		}
	}

}

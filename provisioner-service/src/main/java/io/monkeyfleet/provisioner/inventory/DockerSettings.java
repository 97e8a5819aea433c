package io.monkeyfleet.provisioner.inventory;

import java.time.Duration;

/**
 * A host that is a pair of containers on a Docker engine: the app (label
 * {@code io.monkeyfleet.role=app}) and its monitor agent ({@code role=agent}), both
 * labelled with the fleet and {@code io.monkeyfleet.host=<host id>}. The containers are
 * found by those labels, never by name, so nothing else on the engine is ever touched.
 *
 * @param stopTimeout how long a container has to stop after {@code SIGTERM} before the
 * engine kills it; empty uses the driver's {@code stop-timeout}
 */
public record DockerSettings(Duration stopTimeout) {

	/** The engine's stop timeout is whole seconds; a day is longer than any sane stop. */
	static final Duration LONGEST_STOP = Duration.ofDays(1);

	public DockerSettings {
		requireStopTimeout(stopTimeout, "docker stop-timeout");
	}

	static void requireStopTimeout(Duration stopTimeout, String what) {
		if (stopTimeout != null && (stopTimeout.isNegative() || stopTimeout.compareTo(LONGEST_STOP) > 0)) {
			throw new IllegalArgumentException(what + " must be between 0s and 1d, was " + stopTimeout);
		}
	}

}

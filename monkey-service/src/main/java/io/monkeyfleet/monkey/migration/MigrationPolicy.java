package io.monkeyfleet.monkey.migration;

import java.time.Duration;

/**
 * When and how a memory-starved node hands its service to a standby host.
 *
 * @param memoryThreshold a node whose memory stays at or above this percent for
 * {@code samples} consecutive samples is migrated
 * @param samples how many consecutive samples
 * @param targetTimeout the target must be serving and healthy this long after the
 * migration started, or it is abandoned and traffic stays where it was
 * @param drainTimeout reboot the old host anyway if in-flight requests have not finished
 * by then
 * @param rebootTimeout the old host's reboot must have finished by then
 */
public record MigrationPolicy(double memoryThreshold, int samples, Duration targetTimeout, Duration drainTimeout,
		Duration rebootTimeout) {

	public MigrationPolicy {
		if (samples < 1) {
			throw new IllegalArgumentException("samples must be at least 1, was " + samples);
		}
	}

}

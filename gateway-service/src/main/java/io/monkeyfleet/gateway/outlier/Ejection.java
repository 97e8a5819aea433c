package io.monkeyfleet.gateway.outlier;

import java.time.Duration;
import java.time.Instant;

/**
 * A node this gateway took out of its rotation.
 *
 * @param nodeId the node
 * @param pool its pool
 * @param reason what happened, in words an operator reads
 * @param at when
 * @param until when it is offered requests again
 * @param streak how many ejections in a row (1 for the first); the length doubles with
 * each
 */
public record Ejection(String nodeId, String pool, String reason, Instant at, Instant until, int streak) {

	public Duration length() {
		return Duration.between(this.at, this.until);
	}

}

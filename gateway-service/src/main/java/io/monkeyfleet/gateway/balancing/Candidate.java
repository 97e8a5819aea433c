package io.monkeyfleet.gateway.balancing;

import java.time.Duration;

/**
 * One node a strategy may choose, with the signals it is scored on.
 *
 * @param nodeId the node
 * @param cpuPercent the agent's CPU reading, or {@code NaN} if unknown
 * @param sampleAge how old that reading is
 * @param inFlight this gateway's unfinished requests to the node
 * @param latencyEwmaMillis this gateway's response time average, or {@code NaN}
 */
record Candidate(String nodeId, double cpuPercent, Duration sampleAge, int inFlight, double latencyEwmaMillis) {

	boolean cpuKnown() {
		return !Double.isNaN(this.cpuPercent);
	}

	boolean latencyKnown() {
		return !Double.isNaN(this.latencyEwmaMillis);
	}

}

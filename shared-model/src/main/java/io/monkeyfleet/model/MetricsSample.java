package io.monkeyfleet.model;

import java.time.Instant;

/**
 * One reading of a node by its agent. Stored with a time-to-live of a few sampling
 * intervals: a sample that is missing or expired means "unknown, maybe hung", never
 * "healthy".
 *
 * @param nodeId the node read
 * @param cpuPercent CPU use, 0 to 100, of the whole host or of the watched process tree
 * @param memoryPercent memory use, 0 to 100, of the host or of the process against its
 * limit
 * @param loadAverage the one-minute load average, or {@code null} where the platform has
 * none
 * @param appHealth what the application's health probe found
 * @param sampledAt when the agent took the reading (the agent's clock)
 * @param sequence grows by one per sample from one agent process; a restart begins again
 * at 0
 */
public record MetricsSample(String nodeId, double cpuPercent, double memoryPercent, Double loadAverage,
		AppHealth appHealth, Instant sampledAt, long sequence) {

	public MetricsSample {
		Require.name(nodeId, "node id");
		Require.percent(cpuPercent, "cpuPercent");
		Require.percent(memoryPercent, "memoryPercent");
		if (loadAverage != null && (!Double.isFinite(loadAverage) || loadAverage < 0)) {
			throw new IllegalArgumentException("loadAverage must be a number of at least 0, was " + loadAverage);
		}
		Require.present(appHealth, "appHealth");
		Require.present(sampledAt, "sampledAt");
		Require.notNegative(sequence, "sequence");
	}

}

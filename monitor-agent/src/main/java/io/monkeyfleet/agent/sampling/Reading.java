package io.monkeyfleet.agent.sampling;

/**
 * What a meter read: CPU and memory use in percent (0 to 100), or unknown.
 *
 * @param cpuPercent CPU use over the time since the previous reading
 * @param memoryPercent memory in use against the capacity the meter measures against
 */
public record Reading(double cpuPercent, double memoryPercent) {

	public Reading {
		cpuPercent = clamp(cpuPercent);
		memoryPercent = clamp(memoryPercent);
	}

	/**
	 * Rounding and timing can push a computed share a little past its bounds; never
	 * beyond them.
	 */
	private static double clamp(double percent) {
		if (Double.isNaN(percent)) {
			throw new IllegalArgumentException("a reading must be a number");
		}
		return Math.max(0, Math.min(100, percent));
	}

}

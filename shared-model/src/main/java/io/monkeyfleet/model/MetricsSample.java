package io.monkeyfleet.model;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

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
 * at 0. An agent samples at most every {@link #MIN_SAMPLING_INTERVAL}, so a process that
 * started {@code t} ago has a sequence of at most {@code t / MIN_SAMPLING_INTERVAL}
 * @param bootMarker what identifies the machine's current boot (the kernel's boot id, or
 * the start time of the init process of a container), read once when the agent started: a
 * different value after a reboot is the proof that the machine went down and came back.
 * {@code null} from agents that do not publish one (older versions); 1 to
 * {@value #MAX_BOOT_MARKER_LENGTH} visible ASCII characters otherwise
 */
public record MetricsSample(String nodeId, double cpuPercent, double memoryPercent, Double loadAverage,
		AppHealth appHealth, Instant sampledAt, long sequence, String bootMarker) {

	/** The longest boot marker a sample may carry. */
	public static final int MAX_BOOT_MARKER_LENGTH = 128;

	/**
	 * The shortest sampling interval an agent may have. It bounds a sample's sequence by
	 * its agent's age, which is how a reader tells a new agent process from an old one
	 * when it has no boot marker to compare.
	 */
	public static final Duration MIN_SAMPLING_INTERVAL = Duration.ofMillis(100);

	/** Visible ASCII, no spaces: it is shown in job outputs and events as it is. */
	private static final Pattern BOOT_MARKER = Pattern.compile("[!-~]{1," + MAX_BOOT_MARKER_LENGTH + "}");

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
		if (bootMarker != null) {
			requireBootMarker(bootMarker, "bootMarker");
		}
	}

	/** A sample without a boot marker, as agents before boot markers wrote them. */
	public MetricsSample(String nodeId, double cpuPercent, double memoryPercent, Double loadAverage,
			AppHealth appHealth, Instant sampledAt, long sequence) {
		this(nodeId, cpuPercent, memoryPercent, loadAverage, appHealth, sampledAt, sequence, null);
	}

	/**
	 * Checks a boot marker as a sample's constructor does, so an agent can refuse a bad
	 * one at start-up rather than at its first sample.
	 * @param what names the value in the message
	 * @return the marker
	 * @throws IllegalArgumentException when it is not 1 to
	 * {@value #MAX_BOOT_MARKER_LENGTH} visible ASCII characters
	 */
	public static String requireBootMarker(String marker, String what) {
		Require.present(marker, what);
		if (!BOOT_MARKER.matcher(marker).matches()) {
			throw new IllegalArgumentException(what + " " + Require.quote(marker) + " must be 1 to "
					+ MAX_BOOT_MARKER_LENGTH + " visible ASCII characters, without spaces");
		}
		return marker;
	}

}

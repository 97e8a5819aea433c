package io.monkeyfleet.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The agent's configuration ({@code monkeyfleet.agent.*}). Anything wrong stops start-up
 * with one line naming the property.
 *
 * @param nodeId this node's id in the fleet
 * @param pool the pool the node serves in
 * @param address where the node's application listens, {@code host:port}: what gateways
 * proxy to
 * @param instanceId the cloud's id for this host (EC2 instance id), if any
 * @param zone availability zone or rack, if any
 * @param labels free-form tags for the node
 * @param interval how often a sample is written. 500 ms: with samples kept for 3
 * intervals a frozen node vanishes within 1.5 s, and a hung app reads DOWN within one
 * interval plus one probe timeout, so either is out of rotation within 2 s
 * @param ttlIntervals how many intervals a sample is kept; at least 2, so one late write
 * is not taken for a dead node
 * @param reregisterInterval how often the node registers again as a safety net (Redis may
 * have been flushed); it also re-registers after every Redis outage
 * @param cpu what CPU and memory are measured
 * @param health how the local application's health is probed
 * @param bootMarker what identifies the machine's boot, published with every sample: the
 * provisioner counts a reboot as done only once it changed
 */
@Validated
@ConfigurationProperties("monkeyfleet.agent")
public record AgentProperties(@NotBlank String nodeId, @NotBlank String pool, @NotBlank String address,
		String instanceId, String zone, Map<String, String> labels, @DefaultValue("500ms") @NotNull Duration interval,
		@DefaultValue("3") @Min(2) int ttlIntervals, @DefaultValue("10s") @NotNull Duration reregisterInterval,
		@DefaultValue @Valid Cpu cpu, @DefaultValue @Valid Health health, @DefaultValue @Valid BootMarker bootMarker) {

	public AgentProperties {
		requirePositive(interval, "monkeyfleet.agent.interval");
		if (interval != null && interval.compareTo(MetricsSample.MIN_SAMPLING_INTERVAL) < 0) {
			// Readers bound an agent's age by its sequence at this rate (a reboot without
			// a
			// boot marker to compare is judged so).
			throw new IllegalArgumentException("monkeyfleet.agent.interval must be at least "
					+ MetricsSample.MIN_SAMPLING_INTERVAL.toMillis() + "ms, was " + interval.toMillis() + "ms");
		}
		requirePositive(reregisterInterval, "monkeyfleet.agent.reregister-interval");
		if (health != null && interval != null && health.timeout() != null
				&& health.timeout().compareTo(interval) >= 0) {
			throw new IllegalArgumentException("monkeyfleet.agent.health.timeout (" + health.timeout()
					+ ") must be shorter than monkeyfleet.agent.interval (" + interval
					+ "), so every sample carries a fresh probe");
		}
		if (nodeId != null && pool != null && address != null) {
			node(nodeId, pool, address, instanceId, zone, labels);
		}
	}

	/** The node this agent registers, built from the configuration. */
	public Node node() {
		return node(this.nodeId, this.pool, this.address, this.instanceId, this.zone, this.labels);
	}

	/** How long a sample is kept: {@code ttlIntervals} intervals. */
	public Duration sampleTimeToLive() {
		return this.interval.multipliedBy(this.ttlIntervals);
	}

	private static Node node(String nodeId, String pool, String address, String instanceId, String zone,
			Map<String, String> labels) {
		try {
			return new Node(nodeId, pool, NodeAddress.parse(address), instanceId, zone, labels);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("monkeyfleet.agent: " + ex.getMessage(), ex);
		}
	}

	private static void requirePositive(Duration duration, String property) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			throw new IllegalArgumentException(property + " must be positive, was " + duration);
		}
	}

	/** Where CPU and memory come from. */
	public enum Source {

		/** The whole host: production, one node per host. */
		HOST,
		/** One process tree: several nodes on one host, as in the local stack. */
		PROCESS

	}

	/**
	 * What is measured.
	 *
	 * @param source the whole host, or one process tree
	 * @param pid with {@code PROCESS}: the root process id
	 * @param pidFile with {@code PROCESS}: a file holding the root process id, read
	 * afresh every sample (a restarted process rewrites it); used when {@code pid} is not
	 * set
	 * @param cores with {@code PROCESS}: how many cores count as 100 %
	 * @param memoryLimit with {@code PROCESS}: how much resident memory counts as 100 %
	 */
	public record Cpu(@DefaultValue("HOST") @NotNull Source source, Integer pid, Path pidFile,
			@DefaultValue("1") @Min(1) int cores, DataSize memoryLimit) {

		public Cpu {
			if (source == Source.PROCESS) {
				if (pid == null && pidFile == null) {
					throw new IllegalArgumentException(
							"monkeyfleet.agent.cpu.source=PROCESS needs monkeyfleet.agent.cpu.pid or monkeyfleet.agent.cpu.pid-file");
				}
				if (memoryLimit == null || memoryLimit.toBytes() <= 0) {
					throw new IllegalArgumentException(
							"monkeyfleet.agent.cpu.source=PROCESS needs a positive monkeyfleet.agent.cpu.memory-limit (for example 256MB)");
				}
			}
		}

	}

	/** Where the boot marker comes from. */
	public enum BootMarkerSource {

		/**
		 * The content of a file, by default the kernel's boot id, which is new at every
		 * boot of a machine.
		 */
		FILE,
		/**
		 * The start time of process 1 ({@code /proc/1/stat}, field 22, in clock ticks
		 * since the kernel booted): for containers and VMs that share a kernel, whose
		 * boot id never changes, but whose init process is new at every (re)start.
		 */
		INIT_START

	}

	/**
	 * What identifies the machine's current boot. It is read once, when the agent starts
	 * (it cannot change while the agent lives); an unreadable source stops start-up.
	 *
	 * @param source where the marker comes from: {@code file} (the content of
	 * {@code file}, by default the kernel's boot id) or {@code init-start} (the start
	 * time of process 1, for containers, which share a kernel)
	 * @param file with {@code file}: the file whose content (trimmed; 1 to 128 visible
	 * ASCII characters) is the marker
	 */
	public record BootMarker(@DefaultValue("file") @NotNull BootMarkerSource source,
			@DefaultValue("/proc/sys/kernel/random/boot_id") @NotNull Path file) {

	}

	/**
	 * The application's health probe.
	 *
	 * @param url the local application's health URL; without one, health is reported
	 * UNKNOWN
	 * @param timeout an answer later than this is DOWN; shorter than the interval
	 */
	public record Health(URI url, @DefaultValue("400ms") @NotNull Duration timeout) {

		public Health {
			if (url != null && !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
				throw new IllegalArgumentException(
						"monkeyfleet.agent.health.url must be an http or https URL, was " + url);
			}
			requirePositive(timeout, "monkeyfleet.agent.health.timeout");
		}

	}

}

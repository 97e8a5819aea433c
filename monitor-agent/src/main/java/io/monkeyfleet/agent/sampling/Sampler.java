package io.monkeyfleet.agent.sampling;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.time.Clock;
import java.util.Optional;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;

/**
 * Takes one sample of the node: the meter's CPU and memory, the host's load average, and
 * the application's health, with the boot marker read when the agent started. Sequence
 * numbers grow by one per sample taken by this process.
 */
public final class Sampler {

	private final String nodeId;

	private final Meter meter;

	private final HealthProbe health;

	private final Clock clock;

	private final String bootMarker;

	private final OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

	private long sequence;

	/**
	 * @param bootMarker what identifies the machine's current boot (see
	 * {@link BootMarkers}), or {@code null} to publish none
	 */
	public Sampler(String nodeId, Meter meter, HealthProbe health, Clock clock, String bootMarker) {
		this.nodeId = nodeId;
		this.meter = meter;
		this.health = health;
		this.clock = clock;
		this.bootMarker = bootMarker;
	}

	/** Empty only while the meter has nothing to report yet (right after start-up). */
	public synchronized Optional<MetricsSample> sample() {
		AppHealth appHealth = this.health.probe();
		return this.meter.read().map((reading) -> {
			double load = this.os.getSystemLoadAverage();
			return new MetricsSample(this.nodeId, reading.cpuPercent(), reading.memoryPercent(),
					(load >= 0) ? load : null, appHealth, this.clock.instant(), this.sequence++, this.bootMarker);
		});
	}

}

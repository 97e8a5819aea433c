package io.monkeyfleet.monkey.rules;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.monkey.fleet.SampleHistory;

/**
 * Whether a node has shown {@code healthySamples} consecutive healthy samples, all taken
 * after a given moment (its registration, or the end of its reboot) and the newest still
 * fresh. Healthy means the app answered its health probe and CPU is below the hot
 * threshold; a missing or unknown health is not healthy.
 */
public final class HealthyStreak {

	private HealthyStreak() {
	}

	/** The streak's samples, oldest first, if the node has one. */
	public static Optional<List<MetricsSample>> of(SampleHistory history, String nodeId, Instant since, Instant now,
			DoctorPolicy policy) {
		List<MetricsSample> newest = history.newest(nodeId, policy.healthySamples());
		if (newest.size() < policy.healthySamples()) {
			return Optional.empty();
		}
		MetricsSample last = newest.get(newest.size() - 1);
		if (last.sampledAt().isBefore(now.minus(policy.sampleFreshness()))) {
			return Optional.empty();
		}
		boolean allHealthy = newest.stream()
			.allMatch((sample) -> sample.appHealth() == AppHealth.UP && sample.cpuPercent() < policy.cpuThreshold()
					&& !sample.sampledAt().isBefore(since));
		return allHealthy ? Optional.of(newest) : Optional.empty();
	}

}

package io.monkeyfleet.monkey.rules;

import java.time.Duration;

/**
 * When the doctor judges a node sick, and when a node has proven healthy.
 *
 * @param cpuThreshold CPU percent at or above which a sample is hot
 * @param hotSamples consecutive hot samples that make a node sick (the original scripts'
 * 3)
 * @param heartbeatTimeout a node with no live sample for this long is hung
 * @param unhealthySamples consecutive samples with the app's health DOWN that make a node
 * sick
 * @param ejectedTicks ticks in a row in which a gateway kept the node ejected that make
 * it sick
 * @param gracePeriod a node that entered its state less than this ago is not judged (new
 * and just-repaired nodes warm up)
 * @param healthySamples consecutive healthy samples that admit a node (JOINING or
 * RECOVERING)
 * @param sampleFreshness a sample older than this does not count as healthy
 */
public record DoctorPolicy(double cpuThreshold, int hotSamples, Duration heartbeatTimeout, int unhealthySamples,
		int ejectedTicks, Duration gracePeriod, int healthySamples, Duration sampleFreshness) {

	public static final DoctorPolicy DEFAULTS = new DoctorPolicy(90, 3, Duration.ofSeconds(5), 3, 5,
			Duration.ofSeconds(30), 3, Duration.ofSeconds(3));

	public DoctorPolicy {
		if (!(cpuThreshold > 0 && cpuThreshold <= 100)) {
			throw new IllegalArgumentException("cpuThreshold must be above 0 and at most 100, was " + cpuThreshold);
		}
		atLeastOne(hotSamples, "hotSamples");
		atLeastOne(unhealthySamples, "unhealthySamples");
		atLeastOne(ejectedTicks, "ejectedTicks");
		atLeastOne(healthySamples, "healthySamples");
		positive(heartbeatTimeout, "heartbeatTimeout");
		positive(sampleFreshness, "sampleFreshness");
		if (gracePeriod == null || gracePeriod.isNegative()) {
			throw new IllegalArgumentException("gracePeriod must be zero or more, was " + gracePeriod);
		}
	}

	/** The longest run of samples any rule needs: how much history to keep. */
	public int samplesNeeded() {
		return Math.max(this.hotSamples, Math.max(this.unhealthySamples, this.healthySamples));
	}

	private static void atLeastOne(int value, String name) {
		if (value < 1) {
			throw new IllegalArgumentException(name + " must be at least 1, was " + value);
		}
	}

	private static void positive(Duration value, String name) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
	}

}

package io.monkeyfleet.monkey.scaling;

import java.time.Duration;

/**
 * When pools grow and shrink.
 *
 * @param giftCpuThreshold a pool whose warmed-up ACTIVE nodes average at least this CPU
 * percent over {@code giftSamples} samples each gets one more node
 * @param giftSamples how many of each node's newest samples the average spans
 * @param warmUp a node ACTIVE for less than this does not count towards the average
 * @param joinTimeout a launched host whose node is not ACTIVE by then is terminated
 * @param scaleInCpuThreshold a pool averaging below this for the whole
 * {@code scaleInWindow} loses one node
 * @param scaleInWindow the stabilization window
 * @param terminateTimeout how long a termination may take before an operator is told
 * @param drainTimeout terminate anyway if in-flight requests have not finished by then
 */
public record ScalingPolicy(double giftCpuThreshold, int giftSamples, Duration warmUp, Duration joinTimeout,
		double scaleInCpuThreshold, Duration scaleInWindow, Duration terminateTimeout, Duration drainTimeout) {

	public ScalingPolicy {
		if (!(scaleInCpuThreshold < giftCpuThreshold)) {
			throw new IllegalArgumentException("the scale-in threshold (" + scaleInCpuThreshold
					+ ") must be below the gift threshold (" + giftCpuThreshold + ")");
		}
		if (giftSamples < 1) {
			throw new IllegalArgumentException("giftSamples must be at least 1, was " + giftSamples);
		}
	}

}

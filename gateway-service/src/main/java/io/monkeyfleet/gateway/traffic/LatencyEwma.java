package io.monkeyfleet.gateway.traffic;

/**
 * A node's response time as an exponentially weighted moving average. Each response moves
 * it by {@code smoothing} of the difference, so a node that turns slow (or queues) looks
 * slow within a few responses and one that recovers looks fast as quickly. Between
 * responses the average decays towards zero with half-life {@code idleHalfLife}: a node
 * that looked slow and was therefore avoided is soon tried again, and its next response
 * then counts almost fully. (A "peak" EWMA that jumps to every slow response and decays
 * over seconds was tried first: one garbage-collection pause then kept a node out of
 * rotation for half a minute.)
 */
final class LatencyEwma {

	private final double smoothing;

	private final double idleHalfLifeNanos;

	private double millis = Double.NaN;

	private long stampNanos;

	LatencyEwma(double smoothing, long idleHalfLifeNanos) {
		if (!(smoothing > 0 && smoothing <= 1)) {
			throw new IllegalArgumentException("smoothing must be in (0, 1], was " + smoothing);
		}
		if (idleHalfLifeNanos <= 0) {
			throw new IllegalArgumentException("idle half-life must be positive, was " + idleHalfLifeNanos + " ns");
		}
		this.smoothing = smoothing;
		this.idleHalfLifeNanos = idleHalfLifeNanos;
	}

	synchronized void observe(double responseMillis, long nowNanos) {
		if (Double.isNaN(this.millis)) {
			this.millis = responseMillis;
		}
		else {
			double keep = (1 - this.smoothing) * idleFactor(nowNanos);
			this.millis = this.millis * keep + responseMillis * (1 - keep);
		}
		this.stampNanos = nowNanos;
	}

	/** The average as of {@code nowNanos}, or {@code NaN} before the first response. */
	synchronized double millis(long nowNanos) {
		return Double.isNaN(this.millis) ? Double.NaN : this.millis * idleFactor(nowNanos);
	}

	private double idleFactor(long nowNanos) {
		long idle = Math.max(0, nowNanos - this.stampNanos);
		return Math.pow(0.5, idle / this.idleHalfLifeNanos);
	}

}

package io.monkeyfleet.gateway.traffic;

/**
 * A node's response time as a "peak EWMA" (Finagle's and Linkerd's load signal): a
 * response slower than the average takes the average up to it at once, faster ones pull
 * it down exponentially in time, with time constant {@code tau}. Read between responses,
 * the value keeps decaying towards zero, so a node that looked slow once is tried again
 * after a while instead of being avoided for ever.
 */
final class LatencyEwma {

	private final double tauNanos;

	private double millis = Double.NaN;

	private long stampNanos;

	LatencyEwma(long tauNanos) {
		if (tauNanos <= 0) {
			throw new IllegalArgumentException("tau must be positive, was " + tauNanos + " ns");
		}
		this.tauNanos = tauNanos;
	}

	synchronized void observe(double responseMillis, long nowNanos) {
		if (Double.isNaN(this.millis)) {
			this.millis = responseMillis;
		}
		else {
			double decayed = decayed(nowNanos);
			if (responseMillis > decayed) {
				this.millis = responseMillis;
			}
			else {
				double weight = weight(nowNanos);
				this.millis = decayed * weight + responseMillis * (1 - weight);
			}
		}
		this.stampNanos = nowNanos;
	}

	/** The average as of {@code nowNanos}, or {@code NaN} before the first response. */
	synchronized double millis(long nowNanos) {
		return Double.isNaN(this.millis) ? Double.NaN : decayed(nowNanos);
	}

	private double decayed(long nowNanos) {
		return this.millis * weight(nowNanos);
	}

	private double weight(long nowNanos) {
		long elapsed = Math.max(0, nowNanos - this.stampNanos);
		return Math.exp(-elapsed / this.tauNanos);
	}

}

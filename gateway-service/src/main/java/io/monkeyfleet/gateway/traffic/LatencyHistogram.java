package io.monkeyfleet.gateway.traffic;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A compact latency histogram for one reporting interval: 4 buckets per doubling from 1/8
 * ms to about 2 minutes (about 19 % resolution), lock-free to record into. Quantiles are
 * reported as the upper bound of the bucket they fall in.
 */
final class LatencyHistogram {

	private static final int BUCKETS_PER_DOUBLING = 4;

	private static final int BUCKETS = 80;

	private static final double SMALLEST_MILLIS = 0.125;

	private volatile AtomicLongArray counts = new AtomicLongArray(BUCKETS);

	void record(double millis) {
		this.counts.incrementAndGet(bucket(millis));
	}

	/** Quantiles over what was recorded since the previous call, which starts afresh. */
	Quantiles takeInterval() {
		AtomicLongArray taken = this.counts;
		this.counts = new AtomicLongArray(BUCKETS);
		long total = 0;
		long[] copy = new long[BUCKETS];
		for (int i = 0; i < BUCKETS; i++) {
			copy[i] = taken.get(i);
			total += copy[i];
		}
		if (total == 0) {
			return new Quantiles(0, 0, 0, 0);
		}
		return new Quantiles(total, quantile(copy, total, 0.5), quantile(copy, total, 0.95),
				quantile(copy, total, 0.99));
	}

	/**
	 * @param count responses in the interval
	 * @param p50Millis median, as its bucket's upper bound
	 * @param p95Millis 95th percentile, as its bucket's upper bound
	 * @param p99Millis 99th percentile, as its bucket's upper bound
	 */
	record Quantiles(long count, double p50Millis, double p95Millis, double p99Millis) {
	}

	static int bucket(double millis) {
		if (!(millis > SMALLEST_MILLIS)) {
			return 0;
		}
		int index = (int) Math.ceil(BUCKETS_PER_DOUBLING * (Math.log(millis / SMALLEST_MILLIS) / Math.log(2)));
		return Math.min(BUCKETS - 1, index);
	}

	static double upperBound(int bucket) {
		return SMALLEST_MILLIS * Math.pow(2, (double) bucket / BUCKETS_PER_DOUBLING);
	}

	private static double quantile(long[] counts, long total, double quantile) {
		long rank = (long) Math.ceil(quantile * total);
		long seen = 0;
		for (int i = 0; i < counts.length; i++) {
			seen += counts[i];
			if (seen >= rank) {
				return upperBound(i);
			}
		}
		return upperBound(counts.length - 1);
	}

}

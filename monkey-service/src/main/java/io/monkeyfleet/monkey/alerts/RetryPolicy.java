package io.monkeyfleet.monkey.alerts;

import java.time.Duration;

/**
 * How often a failed send is tried again and how long to wait in between: the wait
 * doubles after each failure, up to a ceiling.
 *
 * @param maxAttempts attempts in all, the first included
 * @param initialBackoff the wait after the first failure
 * @param maxBackoff the longest wait
 */
record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

	RetryPolicy {
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("at least one attempt, was " + maxAttempts);
		}
		if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
			throw new IllegalArgumentException(
					"backoff must be 0 <= initial <= max, was " + initialBackoff + " and " + maxBackoff);
		}
	}

	/**
	 * The wait after failed attempt {@code attempt} (1 for the first).
	 * @param attempt the attempt that failed
	 * @return how long to wait before the next one
	 */
	Duration backoffAfter(int attempt) {
		Duration backoff = this.initialBackoff;
		for (int i = 1; i < attempt && backoff.compareTo(this.maxBackoff) < 0; i++) {
			backoff = backoff.multipliedBy(2);
		}
		return (backoff.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : backoff;
	}

}

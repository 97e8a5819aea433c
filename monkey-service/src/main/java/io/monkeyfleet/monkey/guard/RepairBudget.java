package io.monkeyfleet.monkey.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How often one node may be repaired: at most {@code maxRepairs} within {@code window},
 * and each repair after the first waits {@code backoff × 2^(n-1)} after the previous one.
 * A node past its budget is quarantined: rebooting it again would not help, and might
 * hide a real fault.
 *
 * @param maxRepairs repairs allowed within the window
 * @param window how far back repairs count
 * @param backoff the wait after the first repair; it doubles with every further one
 */
public record RepairBudget(int maxRepairs, Duration window, Duration backoff) {

	public static final RepairBudget DEFAULTS = new RepairBudget(3, Duration.ofHours(24), Duration.ofMinutes(2));

	public RepairBudget {
		if (maxRepairs < 1) {
			throw new IllegalArgumentException("maxRepairs must be at least 1, was " + maxRepairs);
		}
		if (window == null || window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("window must be positive, was " + window);
		}
		if (backoff == null || backoff.isNegative()) {
			throw new IllegalArgumentException("backoff must be zero or more, was " + backoff);
		}
	}

	/**
	 * What the budget says of one more repair now, given when the earlier ones started.
	 */
	public Standing standing(List<Instant> repairStarts, Instant now) {
		List<Instant> recent = repairStarts.stream()
			.filter((start) -> start.isAfter(now.minus(this.window)))
			.sorted()
			.toList();
		if (recent.size() >= this.maxRepairs) {
			return new Standing(Standing.Kind.EXHAUSTED, recent.size(), null);
		}
		if (recent.isEmpty()) {
			return new Standing(Standing.Kind.ALLOWED, 0, null);
		}
		Instant next = recent.get(recent.size() - 1).plus(this.backoff.multipliedBy(1L << (recent.size() - 1)));
		return now.isBefore(next) ? new Standing(Standing.Kind.BACKOFF, recent.size(), next)
				: new Standing(Standing.Kind.ALLOWED, recent.size(), null);
	}

	/**
	 * @param kind allowed, waiting for the backoff to pass, or exhausted
	 * @param repairsInWindow repairs already made within the window
	 * @param notBefore with {@code BACKOFF}: when the next repair may start
	 */
	public record Standing(Kind kind, int repairsInWindow, Instant notBefore) {

		public enum Kind {

			ALLOWED, BACKOFF, EXHAUSTED

		}

	}

}

package io.monkeyfleet.loadgen.run;

import java.time.Duration;
import java.util.List;

/**
 * When requests are due: stages of constant arrival rate, one after the other.
 *
 * @param stages the stages, in order
 * @param maxInFlight requests allowed to be waiting for an answer at once; a request due
 * while this many wait is not sent and counts as failed ({@code client saturated}), so a
 * stall shows instead of being absorbed
 */
public record LoadPlan(List<Stage> stages, int maxInFlight) {

	public LoadPlan {
		stages = List.copyOf(stages);
		if (stages.isEmpty()) {
			throw new IllegalArgumentException("a load plan needs at least one stage");
		}
		if (maxInFlight < 1) {
			throw new IllegalArgumentException("max in flight must be at least 1, was " + maxInFlight);
		}
	}

	/** One rate for one duration. */
	public static LoadPlan constant(double rate, Duration duration) {
		return new LoadPlan(List.of(new Stage(duration, rate)), 10_000);
	}

	/**
	 * A stage: {@code rate} requests a second, evenly spaced, for {@code duration}.
	 */
	public record Stage(Duration duration, double rate) {

		public Stage {
			if (duration == null || duration.isNegative() || duration.isZero()) {
				throw new IllegalArgumentException("a stage's duration must be positive, was " + duration);
			}
			if (!(rate > 0 && rate <= 1_000_000)) {
				throw new IllegalArgumentException("a stage's rate must be above 0 and at most 1000000, was " + rate);
			}
		}

		@Override
		public String toString() {
			return this.duration.toMillis() / 1000.0 + "s@" + this.rate;
		}

	}

	public Duration duration() {
		return this.stages.stream().map(Stage::duration).reduce(Duration.ZERO, Duration::plus);
	}

	/** How many requests the plan sends. */
	public long requests() {
		double total = 0;
		for (Stage stage : this.stages) {
			total += stage.rate() * stage.duration().toNanos() / 1e9;
		}
		return (long) Math.ceil(total);
	}

}

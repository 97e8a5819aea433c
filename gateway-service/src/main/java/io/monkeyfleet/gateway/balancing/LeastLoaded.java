package io.monkeyfleet.gateway.balancing;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Power of two choices: two distinct candidates at random, the lower score wins. Scores
 * within {@code tolerance} of each other count as equal and the winner is drawn at
 * random, so nodes that differ only by measurement noise share the load evenly instead of
 * the marginally faster one taking two thirds of it.
 */
final class LeastLoaded implements Strategy {

	private final Scorer scorer;

	private final double tolerance;

	private final RandomGenerator random;

	/**
	 * @param random shared by every request; must be safe for concurrent use (a
	 * {@link java.util.Random} is)
	 */
	LeastLoaded(Scorer scorer, double tolerance, RandomGenerator random) {
		this.scorer = scorer;
		this.tolerance = tolerance;
		this.random = random;
	}

	@Override
	public int choose(List<Candidate> candidates) {
		int size = candidates.size();
		if (size == 1) {
			return 0;
		}
		int first = this.random.nextInt(size);
		int second = this.random.nextInt(size - 1);
		if (second >= first) {
			second++;
		}
		Scorer.Priors priors = Scorer.Priors.of(candidates);
		double firstScore = this.scorer.score(candidates.get(first), priors);
		double secondScore = this.scorer.score(candidates.get(second), priors);
		double larger = Math.max(firstScore, secondScore);
		if (larger - Math.min(firstScore, secondScore) <= this.tolerance * larger) {
			return this.random.nextBoolean() ? first : second;
		}
		return (firstScore < secondScore) ? first : second;
	}

}

package io.monkeyfleet.gateway.balancing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StrategiesTests {

	private static final Scorer SCORER = new Scorer(1.0, 5_000, 1.0, 0.5);

	private static Candidate node(String id, double cpu, Duration age, int inFlight, double latency) {
		return new Candidate(id, cpu, age, inFlight, latency);
	}

	/** How often each candidate is chosen in {@code rounds} choices. */
	private static int[] shares(Strategy strategy, int rounds, IntFunction<List<Candidate>> candidatesAt) {
		int[] counts = new int[candidatesAt.apply(0).size()];
		for (int round = 0; round < rounds; round++) {
			counts[strategy.choose(candidatesAt.apply(round))]++;
		}
		return counts;
	}

	@Nested
	class ScorerTests {

		@Test
		void aFreshCpuReadingCountsFullyAndAnOldOneFadesToThePoolMean() {
			List<Candidate> pool = List.of(node("a", 90, Duration.ZERO, 0, 1), node("b", 10, Duration.ZERO, 0, 1));
			Scorer.Priors priors = Scorer.Priors.of(pool);

			assertThat(priors.cpuPercent()).isEqualTo(50);
			assertThat(SCORER.agedCpu(pool.get(0), priors)).isEqualTo(90);
			assertThat(SCORER.agedCpu(node("a", 90, Duration.ofSeconds(5), 0, 1), priors)).isCloseTo(70, within(1e-9));
			assertThat(SCORER.agedCpu(node("a", 90, Duration.ofMinutes(5), 0, 1), priors)).isCloseTo(50, within(0.01));
		}

		@Test
		void unknownCpuAndLatencyCountAsThePoolMeanNeitherBestNorWorst() {
			List<Candidate> pool = List.of(node("a", 20, Duration.ZERO, 0, 10), node("b", 60, Duration.ZERO, 0, 30),
					node("new", Double.NaN, Duration.ZERO, 0, Double.NaN));
			Scorer.Priors priors = Scorer.Priors.of(pool);

			double newScore = SCORER.score(pool.get(2), priors);

			assertThat(newScore).isGreaterThan(SCORER.score(pool.get(0), priors))
				.isLessThan(SCORER.score(pool.get(1), priors));
		}

		@Test
		void inFlightRequestsAndLatencyMakeANodeLookExpensive() {
			Scorer.Priors priors = new Scorer.Priors(50, 5);
			double idle = SCORER.score(node("a", 50, Duration.ZERO, 0, 5), priors);

			assertThat(SCORER.score(node("a", 50, Duration.ZERO, 3, 5), priors)).isCloseTo(2 * idle, within(1e-9));
			assertThat(SCORER.score(node("a", 50, Duration.ZERO, 0, 11), priors)).isEqualTo(2 * idle);
			Scorer full = new Scorer(1.0, 5_000, 1.0, 1.0);
			assertThat(full.score(node("a", 50, Duration.ZERO, 3, 5), priors)).isEqualTo(4 * idle);
		}

		@Test
		void prefersAFastNodeWithManyRequestsInFlightToASlowOneWithFewQueued() {
			Scorer.Priors priors = new Scorer.Priors(20, 20);
			Candidate bigAndFast = node("big", 20, Duration.ZERO, 7, 10);
			Candidate smallAndQueueing = node("small", 20, Duration.ZERO, 1, 40);

			assertThat(SCORER.score(bigAndFast, priors)).isLessThan(SCORER.score(smallAndQueueing, priors));
		}

	}

	@Nested
	class LeastLoadedTests {

		@Test
		void sendsAClearlySlowerBusierNodeFarLessThanItsShare() {
			Strategy strategy = new LeastLoaded(SCORER, 0.2, new Random(42));
			List<Candidate> pool = List.of(node("a", 20, Duration.ZERO, 1, 5), node("b", 20, Duration.ZERO, 1, 5),
					node("slow", 95, Duration.ZERO, 6, 60));

			int[] counts = shares(strategy, 30_000, (round) -> pool);

			assertThat(counts[2]).isZero();
			assertThat(counts[0]).isCloseTo(15_000, within(600));
		}

		@Test
		void sharesEvenlyBetweenNodesThatDifferOnlyByNoise() {
			Strategy strategy = new LeastLoaded(SCORER, 0.2, new Random(7));
			// a is always a little faster: pure argmin over two choices would give it
			// 2/3.
			List<Candidate> pool = List.of(node("a", 30, Duration.ZERO, 0, 1.0), node("b", 31, Duration.ZERO, 0, 1.1),
					node("c", 32, Duration.ZERO, 0, 1.2));

			int[] counts = shares(strategy, 30_000, (round) -> pool);

			for (int count : counts) {
				assertThat(count).isCloseTo(10_000, within(600));
			}
		}

		@Test
		void theSameSeedMakesTheSameChoices() {
			List<Candidate> pool = List.of(node("a", 10, Duration.ZERO, 0, 1), node("b", 10, Duration.ZERO, 0, 1),
					node("c", 10, Duration.ZERO, 0, 1));
			List<Integer> first = new ArrayList<>();
			List<Integer> second = new ArrayList<>();
			Strategy one = new LeastLoaded(SCORER, 0.2, new Random(99));
			Strategy two = new LeastLoaded(SCORER, 0.2, new Random(99));
			for (int i = 0; i < 100; i++) {
				first.add(one.choose(pool));
				second.add(two.choose(pool));
			}
			assertThat(first).isEqualTo(second).containsOnly(0, 1, 2);
		}

		@Test
		void aSingleCandidateIsChosenWithoutDrawing() {
			assertThat(
					new LeastLoaded(SCORER, 0.2, new Random(1)).choose(List.of(node("a", 99, Duration.ZERO, 9, 900))))
				.isZero();
		}

	}

	@Nested
	class LowestCpuTests {

		@Test
		void sendsEveryRequestBetweenTwoSamplesToTheSameNodeHowEverBusyItGets() {
			Strategy strategy = new LowestCpu();
			int[] counts = shares(strategy, 1_000, (round) -> List.of(node("a", 30, Duration.ZERO, round, 100),
					node("b", 29, Duration.ZERO, 0, 1), node("c", 31, Duration.ZERO, 0, 1)));

			assertThat(counts).containsExactly(0, 1_000, 0);
		}

		@Test
		void prefersAKnownReadingToAnUnknownOne() {
			assertThat(new LowestCpu()
				.choose(List.of(node("a", Double.NaN, Duration.ZERO, 0, 1), node("b", 99, Duration.ZERO, 0, 1))))
				.isEqualTo(1);
		}

	}

	@Nested
	class RoundRobinTests {

		@Test
		void takesEachNodeInTurnBlindToLoad() {
			List<Candidate> pool = List.of(node("a", 10, Duration.ZERO, 0, 1), node("slow", 99, Duration.ZERO, 50, 900),
					node("c", 10, Duration.ZERO, 0, 1));

			assertThat(shares(new RoundRobin(), 999, (round) -> pool)).containsExactly(333, 333, 333);
		}

	}

}

package io.monkeyfleet.gateway.balancing;

import java.util.random.RandomGenerator;

/** Makes each pool's strategy, as configured. */
final class Strategies {

	private final BalancingProperties properties;

	private final Scorer scorer;

	private final RandomGenerator random;

	Strategies(BalancingProperties properties, RandomGenerator random) {
		this.properties = properties;
		this.scorer = new Scorer(properties.cpuWeight(), properties.cpuHalfLife().toMillis(),
				properties.latencyFloor().toNanos() / 1e6, properties.inFlightExponent());
		this.random = random;
	}

	Strategy forPool(String pool) {
		return switch (this.properties.strategyOf(pool)) {
			case LEAST_LOADED -> new LeastLoaded(this.scorer, this.properties.scoreTolerance(), this.random);
			case LOWEST_CPU -> new LowestCpu();
			case ROUND_ROBIN -> new RoundRobin();
		};
	}

	StrategyName nameOf(String pool) {
		return this.properties.strategyOf(pool);
	}

}

package io.monkeyfleet.gateway.balancing;

/** The node-choice strategies a pool can use; written {@code least-loaded} and so on. */
public enum StrategyName {

	/**
	 * Power of two choices over a score from CPU (aged by staleness), in-flight requests
	 * and latency: the default.
	 */
	LEAST_LOADED,
	/**
	 * The lowest CPU reading wins, always: what the original scripts did. Every request
	 * between two samples goes to the same node (herding); kept for comparison.
	 */
	LOWEST_CPU,
	/** Each node in turn, blind to load. */
	ROUND_ROBIN

}

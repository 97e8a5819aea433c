package io.monkeyfleet.gateway.balancing;

import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway chooses a node within a pool.
 *
 * @param defaultStrategy the strategy of every pool not named in {@code strategies}
 * @param strategies per pool name: {@code least-loaded}, {@code lowest-cpu} or
 * {@code round-robin}
 * @param scoreTolerance least-loaded: two scores closer than this fraction of the larger
 * count as equal, and the choice between them is random (stops noise from herding)
 * @param cpuWeight least-loaded: how much a node at 100 % CPU multiplies its score by, on
 * top of 1
 * @param cpuHalfLife least-loaded: a CPU reading this old counts half, the rest is the
 * pool's mean
 * @param latencyFloor least-loaded: added to every latency so that sub-millisecond noise
 * does not look like a difference
 * @param inFlightExponent least-loaded: how strongly this gateway's in-flight requests to
 * a node count: 1 in full (nodes of equal capacity), 0.5 as the square root (nodes of
 * unequal capacity, the default), 0 not at all
 * @param latencySmoothing how far one response moves a node's latency average (0.3: 30 %
 * of the difference)
 * @param latencyIdleHalfLife between responses a node's latency average halves this
 * often, so a node avoided for looking slow is soon tried again
 * @param randomSeed seed of the random choices, for reproducible runs; random when unset
 */
@Validated
@ConfigurationProperties("monkeyfleet.gateway.balancing")
public record BalancingProperties(@DefaultValue("least-loaded") @NotNull StrategyName defaultStrategy,
		@DefaultValue Map<String, StrategyName> strategies,
		@DefaultValue("0.2") @DecimalMin("0.0") @DecimalMax("0.9") double scoreTolerance,
		@DefaultValue("1.0") @DecimalMin("0.0") @DecimalMax("100.0") double cpuWeight,
		@DefaultValue("5s") @NotNull Duration cpuHalfLife, @DefaultValue("1ms") @NotNull Duration latencyFloor,
		@DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("2.0") double inFlightExponent,
		@DefaultValue("0.3") @DecimalMin("0.01") @DecimalMax("1.0") double latencySmoothing,
		@DefaultValue("1s") @NotNull Duration latencyIdleHalfLife, Long randomSeed) {

	public BalancingProperties {
		strategies = (strategies != null) ? Map.copyOf(strategies) : Map.of();
		requirePositive(cpuHalfLife, "cpu-half-life");
		requirePositive(latencyIdleHalfLife, "latency-idle-half-life");
		if (latencyFloor.isNegative()) {
			throw new IllegalArgumentException("monkeyfleet.gateway.balancing.latency-floor must not be negative");
		}
	}

	public StrategyName strategyOf(String pool) {
		return this.strategies.getOrDefault(pool, this.defaultStrategy);
	}

	private static void requirePositive(Duration duration, String name) {
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(
					"monkeyfleet.gateway.balancing." + name + " must be positive, was " + duration);
		}
	}

}

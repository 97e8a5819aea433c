package io.monkeyfleet.monkey.guard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.rules.DoctorPolicy;

/**
 * Stops all action on a pool when more than {@code maxUnhealthyShare} of its ACTIVE nodes
 * look unhealthy at once: that is more likely a monitoring fault (a partition, a dead
 * Redis replica, a broken agent release) than a sick fleet, and rebooting on bad data
 * would take the pool down. It closes again only after the pool has looked healthy enough
 * for {@code ticksToClose} ticks in a row. Not thread-safe: the tick owns it.
 */
public final class CircuitBreaker {

	private final Supplier<Thresholds> thresholds;

	private final Function<String, DoctorPolicy> policyOfPool;

	private final Map<String, Integer> clearTicks = new HashMap<>();

	/** Pools whose breaker is open, with the share that opened it. */
	private final Map<String, Double> open = new HashMap<>();

	/**
	 * Thresholds read on every update, so a change at runtime applies from the next tick.
	 */
	public CircuitBreaker(Supplier<Thresholds> thresholds, Function<String, DoctorPolicy> policyOfPool) {
		this.thresholds = thresholds;
		this.policyOfPool = policyOfPool;
	}

	public CircuitBreaker(double maxUnhealthyShare, int ticksToClose, Function<String, DoctorPolicy> policyOfPool) {
		this(constant(new Thresholds(maxUnhealthyShare, ticksToClose)), policyOfPool);
	}

	private static Supplier<Thresholds> constant(Thresholds thresholds) {
		return () -> thresholds;
	}

	/**
	 * Looks at every pool and reports the breakers that opened or closed in this tick.
	 */
	public List<Change> update(FleetView view) {
		Thresholds current = this.thresholds.get();
		List<Change> changes = new ArrayList<>();
		Map<String, List<Node>> active = new HashMap<>();
		for (Node node : view.snapshot().nodes().values()) {
			if (view.stateOf(node.id()) == NodeState.ACTIVE) {
				active.computeIfAbsent(node.pool(), (pool) -> new ArrayList<>()).add(node);
			}
		}
		active.forEach((pool, nodes) -> {
			long unhealthy = nodes.stream()
				.filter((node) -> !NodeHealth.looksHealthy(view, node.id(), this.policyOfPool.apply(pool)))
				.count();
			double share = (double) unhealthy / nodes.size();
			boolean tooMany = share > current.maxUnhealthyShare();
			if (tooMany) {
				this.clearTicks.remove(pool);
				if (this.open.putIfAbsent(pool, share) == null) {
					changes.add(new Change(pool, true, unhealthy, nodes.size()));
				}
			}
			else if (this.open.containsKey(pool)
					&& this.clearTicks.merge(pool, 1, Integer::sum) >= current.ticksToClose()) {
				this.open.remove(pool);
				this.clearTicks.remove(pool);
				changes.add(new Change(pool, false, unhealthy, nodes.size()));
			}
		});
		return changes;
	}

	public boolean isOpen(String pool) {
		return this.open.containsKey(pool);
	}

	/** The pools whose breaker is open now. */
	public java.util.Set<String> openPools() {
		return java.util.Set.copyOf(this.open.keySet());
	}

	/**
	 * @param maxUnhealthyShare more than this share of a pool's ACTIVE nodes looking
	 * unhealthy at once opens the breaker
	 * @param ticksToClose ticks the pool must look healthy in a row before it closes
	 */
	public record Thresholds(double maxUnhealthyShare, int ticksToClose) {

		public Thresholds {
			if (!(maxUnhealthyShare > 0 && maxUnhealthyShare < 1)) {
				throw new IllegalArgumentException(
						"maxUnhealthyShare must be between 0 and 1, was " + maxUnhealthyShare);
			}
			if (ticksToClose < 1) {
				throw new IllegalArgumentException("ticksToClose must be at least 1, was " + ticksToClose);
			}
		}

	}

	/** A breaker that opened or closed, with the count that made it. */
	public record Change(String pool, boolean opened, long unhealthy, int active) {
	}

}

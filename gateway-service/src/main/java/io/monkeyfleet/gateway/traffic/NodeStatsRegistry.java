package io.monkeyfleet.gateway.traffic;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.monkeyfleet.gateway.balancing.LoadSignals;
import io.monkeyfleet.gateway.balancing.Ticker;

/**
 * Every node's {@link NodeStats}, made on first use; the load signals for node choice.
 */
final class NodeStatsRegistry implements LoadSignals {

	private final ConcurrentMap<String, NodeStats> nodes = new ConcurrentHashMap<>();

	private final double latencySmoothing;

	private final Duration latencyIdleHalfLife;

	private final MeterRegistry registry;

	private final Ticker ticker;

	NodeStatsRegistry(double latencySmoothing, Duration latencyIdleHalfLife, MeterRegistry registry, Ticker ticker) {
		this.latencySmoothing = latencySmoothing;
		this.latencyIdleHalfLife = latencyIdleHalfLife;
		this.registry = registry;
		this.ticker = ticker;
	}

	NodeStats of(String nodeId, String pool) {
		NodeStats stats = this.nodes.get(nodeId);
		if (stats != null && stats.pool.equals(pool)) {
			return stats;
		}
		return this.nodes.compute(nodeId, (id, existing) -> {
			if (existing != null && existing.pool.equals(pool)) {
				return existing;
			}
			if (existing != null) {
				existing.removeMeters(this.registry);
			}
			return new NodeStats(id, pool, this.latencySmoothing, this.latencyIdleHalfLife, this.registry,
					this.ticker.nanos());
		});
	}

	Collection<NodeStats> all() {
		return this.nodes.values();
	}

	/** Drops a node that left the fleet, with its meters. */
	void forget(NodeStats stats) {
		if (this.nodes.remove(stats.nodeId, stats)) {
			stats.removeMeters(this.registry);
		}
	}

	@Override
	public int inFlight(String nodeId) {
		NodeStats stats = this.nodes.get(nodeId);
		return (stats != null) ? stats.inFlight.get() : 0;
	}

	@Override
	public double latencyEwmaMillis(String nodeId) {
		NodeStats stats = this.nodes.get(nodeId);
		return (stats != null) ? stats.latency.millis(this.ticker.nanos()) : Double.NaN;
	}

}

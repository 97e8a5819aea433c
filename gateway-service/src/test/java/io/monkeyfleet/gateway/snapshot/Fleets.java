package io.monkeyfleet.gateway.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RoutePredicate;
import io.monkeyfleet.store.FleetSnapshot;

/** Builds fleet snapshots for tests, one node or route at a time. */
final class Fleets {

	private final Instant readAt;

	private final Map<String, Node> nodes = new TreeMap<>();

	private final Map<String, NodeStatus> statuses = new TreeMap<>();

	private final Map<String, MetricsSample> samples = new TreeMap<>();

	private final Map<String, Pool> pools = new TreeMap<>();

	private final Map<String, Route> routes = new TreeMap<>();

	private Fleets(Instant readAt) {
		this.readAt = readAt;
	}

	static Fleets at(Instant readAt) {
		return new Fleets(readAt);
	}

	/** An ACTIVE node with a sample taken at the read. */
	Fleets active(String id, String pool) {
		return node(id, pool, "10.0.0." + (this.nodes.size() + 1), NodeState.ACTIVE, this.readAt);
	}

	Fleets node(String id, String pool, String host, NodeState state, Instant sampledAt) {
		this.nodes.put(id, Node.of(id, pool, new NodeAddress(host, 8080)));
		// Versions as the lifecycle gives them: 1 at registration (JOINING), 2 once
		// admitted, higher for a move out of ACTIVE.
		long version = switch (state) {
			case JOINING -> 1;
			case ACTIVE -> 2;
			default -> 3;
		};
		this.statuses.put(id, new NodeStatus(state, version, this.readAt.minusSeconds(60), "test"));
		if (sampledAt != null) {
			this.samples.put(id, new MetricsSample(id, 25, 40, null, AppHealth.UP, sampledAt, 1));
		}
		this.pools.putIfAbsent(pool, new Pool(pool, 0, 10, List.of()));
		return this;
	}

	Fleets health(String id, AppHealth health) {
		MetricsSample old = this.samples.get(id);
		this.samples.put(id, new MetricsSample(id, old.cpuPercent(), old.memoryPercent(), null, health, old.sampledAt(),
				old.sequence() + 1));
		return this;
	}

	Fleets route(String id, String pool) {
		this.routes.put(id, new Route(id, List.of(RoutePredicate.path("/" + id + "/**")), List.of(), pool, 0));
		return this;
	}

	FleetSnapshot build() {
		return new FleetSnapshot(this.readAt, new TreeMap<>(this.nodes), new TreeMap<>(this.statuses),
				new TreeMap<>(this.samples), new TreeMap<>(this.pools), new TreeMap<>(this.routes));
	}

}

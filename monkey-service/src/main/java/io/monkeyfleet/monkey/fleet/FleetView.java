package io.monkeyfleet.monkey.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.store.FleetSnapshot;

/**
 * What the rules see in one tick: the store's snapshot, the recent samples of every node,
 * the gateways' view of their traffic, each pool's recent average load, the hosts the
 * gift monkey launched, and the pools where the doctor asked for a replacement (pool →
 * why). Immutable for the duration of the tick, except the history, which only the tick
 * itself updates.
 */
public record FleetView(Instant now, FleetSnapshot snapshot, SampleHistory history, TrafficView traffic,
		PoolLoad poolLoad, Map<String, LaunchedHost> launched, Map<String, String> replacementsWanted) {

	public FleetView {
		launched = Map.copyOf(launched);
		replacementsWanted = Map.copyOf(replacementsWanted);
	}

	/** A view with no pool history, no launched hosts and no replacement asked for. */
	public FleetView(Instant now, FleetSnapshot snapshot, SampleHistory history, TrafficView traffic) {
		this(now, snapshot, history, traffic, new PoolLoad(), Map.of(), Map.of());
	}

	/** The pool's nodes in {@code state}, in id order. */
	public List<Node> nodesIn(String pool, NodeState state) {
		return this.snapshot.nodesInPool(pool)
			.stream()
			.filter((node) -> this.snapshot.status(node.id()).map((s) -> s.state() == state).orElse(false))
			.toList();
	}

	public NodeState stateOf(String nodeId) {
		return this.snapshot.status(nodeId).map((status) -> status.state()).orElse(null);
	}

}

package io.monkeyfleet.monkey.fleet;

import java.time.Instant;
import java.util.List;

import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.store.FleetSnapshot;

/**
 * What the rules see in one tick: the store's snapshot, the recent samples of every node,
 * and the gateways' view of their traffic. Immutable for the duration of the tick, except
 * the history, which only the tick itself updates.
 */
public record FleetView(Instant now, FleetSnapshot snapshot, SampleHistory history, TrafficView traffic) {

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

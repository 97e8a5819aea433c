package io.monkeyfleet.store;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.model.Route;

/**
 * Everything the store knows about the fleet, read at one moment. Only valid records are
 * in it: malformed data was logged and left out. Maps are sorted by key, so whoever
 * iterates them gets the same order every time.
 *
 * @param readAt when it was read (the reader's clock)
 * @param nodes registered nodes by id
 * @param statuses lifecycle states by node id
 * @param samples the latest unexpired metrics sample by node id; a node missing here is
 * unknown
 * @param pools pools by name
 * @param routes routes by id
 */
public record FleetSnapshot(Instant readAt, SortedMap<String, Node> nodes, SortedMap<String, NodeStatus> statuses,
		SortedMap<String, MetricsSample> samples, SortedMap<String, Pool> pools, SortedMap<String, Route> routes) {

	public FleetSnapshot {
		nodes = sortedCopy(nodes);
		statuses = sortedCopy(statuses);
		samples = sortedCopy(samples);
		pools = sortedCopy(pools);
		routes = sortedCopy(routes);
	}

	public Optional<NodeStatus> status(String nodeId) {
		return Optional.ofNullable(this.statuses.get(nodeId));
	}

	public Optional<MetricsSample> sample(String nodeId) {
		return Optional.ofNullable(this.samples.get(nodeId));
	}

	/** The pool's nodes, in id order. */
	public List<Node> nodesInPool(String poolName) {
		return this.nodes.values().stream().filter((node) -> node.pool().equals(poolName)).toList();
	}

	private static <V> SortedMap<String, V> sortedCopy(Map<String, V> map) {
		return Collections.unmodifiableSortedMap(new TreeMap<>((map != null) ? map : Map.of()));
	}

}

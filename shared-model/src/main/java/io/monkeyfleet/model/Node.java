package io.monkeyfleet.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * An application node: one instance of the user's service and the agent beside it. Its
 * lifecycle state is kept apart ({@link NodeStatus}), because the agent writes the node
 * and only monkey-service moves its state.
 *
 * @param id unique in the fleet; a {@link Require#name name}
 * @param pool the pool it serves in
 * @param address where its application listens
 * @param instanceId the cloud's id for the host (an EC2 instance id), or {@code null}
 * @param zone availability zone or rack, or {@code null}
 * @param labels free-form tags (at most 32), for example {@code launched-by=gift}
 */
public record Node(String id, String pool, NodeAddress address, String instanceId, String zone,
		Map<String, String> labels) {

	public Node {
		Require.name(id, "node id");
		Require.name(pool, "pool name");
		Require.present(address, "node address");
		if (instanceId != null) {
			Require.text(instanceId, "instance id", 128);
		}
		Require.optionalName(zone, "zone");
		// Sorted, so the same node always encodes to the same JSON.
		labels = Collections.unmodifiableSortedMap(new TreeMap<>(Require.labels(labels, "labels", 32, 256)));
	}

	/** A node with no cloud instance, zone or labels: what the local stack runs. */
	public static Node of(String id, String pool, NodeAddress address) {
		return new Node(id, pool, address, null, null, Map.of());
	}

}

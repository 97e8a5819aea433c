package io.monkeyfleet.monkey.fleet;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.store.FleetSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NodeAddressFilterTests {

	private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

	@Test
	void leavesOutNodesAtMetadataLinkLocalOrThisHostAddressesAndKeepsTheRest() {
		FleetSnapshot snapshot = snapshot(Node.of("metadata", "web", NodeAddress.parse("169.254.169.254:80")),
				Node.of("link-local", "web", NodeAddress.parse("[fe80::1]:8080")),
				Node.of("this-host", "web", NodeAddress.parse("0.0.0.0:8080")),
				Node.of("private", "web", NodeAddress.parse("10.0.0.5:8080")),
				Node.of("loopback", "web", NodeAddress.parse("127.0.0.1:8080")),
				Node.of("named", "web", NodeAddress.parse("app-1.internal:8080")));

		FleetSnapshot filtered = new NodeAddressFilter().filter(snapshot);

		assertThat(filtered.nodes()).containsOnlyKeys("private", "loopback", "named");
		assertThat(filtered.statuses()).containsOnlyKeys("private", "loopback", "named");
	}

	@Test
	void returnsTheSnapshotItselfWhenNothingIsRefused() {
		FleetSnapshot snapshot = snapshot(Node.of("private", "web", NodeAddress.parse("10.0.0.5:8080")));

		assertThat(new NodeAddressFilter().filter(snapshot)).isSameAs(snapshot);
	}

	private static FleetSnapshot snapshot(Node... nodes) {
		Map<String, Node> byId = new TreeMap<>();
		Map<String, NodeStatus> statuses = new TreeMap<>();
		for (Node node : nodes) {
			byId.put(node.id(), node);
			statuses.put(node.id(), NodeStatus.joining(NOW));
		}
		return new FleetSnapshot(NOW, new TreeMap<>(byId), new TreeMap<>(statuses), new TreeMap<>(), new TreeMap<>(),
				new TreeMap<>());
	}

}

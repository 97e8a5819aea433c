package io.monkeyfleet.monkey.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.store.FleetStore;

/**
 * A fleet written straight into Redis through the store, as agents and the monkeys would
 * have left it: pools of ACTIVE nodes with healthy samples that stay live for the test's
 * length. What the admin API and the dashboard show of it is read back from Redis.
 */
public final class SeededFleet {

	/** Samples outlive any test; refreshing them is {@link #sample}'s job. */
	private static final Duration SAMPLE_TIME_TO_LIVE = Duration.ofMinutes(30);

	private final FleetStore store;

	private long sequence;

	public SeededFleet(FleetStore store) {
		this.store = store;
	}

	/**
	 * A pool of {@code count} ACTIVE, healthy nodes named {@code pool-1..count}.
	 * @return the node ids
	 */
	public List<String> pool(String pool, int minSize, int count) {
		this.store.savePool(new Pool(pool, minSize, Math.max(count * 2, 2), List.of()), "test");
		List<String> ids = new java.util.ArrayList<>();
		for (int i = 1; i <= count; i++) {
			String id = pool + "-" + i;
			ids.add(id);
			node(id, pool, "10." + (pool.hashCode() & 0x7f) + "." + (i / 250) + "." + (i % 250 + 1));
		}
		return ids;
	}

	/** Registers an ACTIVE node with a healthy sample. */
	public void node(String id, String pool, String address) {
		NodeStatus joining = this.store.register(Node.of(id, pool, new NodeAddress(address, 8080)));
		// The sample first: an ACTIVE node without one looks unhealthy to the breaker.
		sample(id, 10 + (id.hashCode() & 0x1f), AppHealth.UP);
		if (joining.state() == NodeState.JOINING) {
			this.store.transition(id, joining, NodeState.ACTIVE, "seeded for a test", "test", Map.of());
		}
	}

	public void sample(String id, double cpu, AppHealth health) {
		this.store.writeSample(new MetricsSample(id, cpu, 40, 0.5, health, Instant.now(), ++this.sequence),
				SAMPLE_TIME_TO_LIVE);
	}

	public NodeState state(String id) {
		return this.store.status(id).map(NodeStatus::state).orElse(null);
	}

	/** Moves a node as the monkeys would have, whatever its state. */
	public void move(String id, NodeState... path) {
		for (NodeState target : path) {
			NodeStatus status = this.store.status(id).orElseThrow();
			this.store.transition(id, status, target, "moved for a test", "test", Map.of());
		}
	}

}

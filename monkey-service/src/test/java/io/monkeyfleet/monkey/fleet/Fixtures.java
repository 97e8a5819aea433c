package io.monkeyfleet.monkey.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
import io.monkeyfleet.store.FleetSnapshot;

/**
 * Fixture fleets for rule and guard-rail tests: a pool of nodes whose samples a test sets
 * tick by tick, seen through a real {@link SampleHistory}, on a clock the test moves.
 */
public final class Fixtures {

	public static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

	private final Map<String, Node> nodes = new TreeMap<>();

	private final Map<String, NodeStatus> statuses = new TreeMap<>();

	private final Map<String, MetricsSample> samples = new TreeMap<>();

	private final Map<String, Pool> pools = new TreeMap<>();

	private final Map<String, Long> sequences = new TreeMap<>();

	private final SampleHistory history = new SampleHistory(10);

	private final PoolLoad poolLoad = new PoolLoad();

	private final Map<String, LaunchedHost> launched = new TreeMap<>();

	private Map<String, String> replacementsWanted = Map.of();

	private TrafficView traffic = TrafficView.NONE;

	private Instant now = START;

	/**
	 * A pool of {@code count} ACTIVE nodes {@code pool-1..n}, ACTIVE for an hour already.
	 */
	public static Fixtures pool(String pool, int count, int minSize) {
		Fixtures fixtures = new Fixtures();
		fixtures.pools.put(pool, new Pool(pool, minSize, Math.max(count, 1) * 2, List.of()));
		for (int i = 1; i <= count; i++) {
			fixtures.node(pool + "-" + i, pool, NodeState.ACTIVE, START.minus(Duration.ofHours(1)));
		}
		return fixtures;
	}

	public Fixtures node(String id, String pool, NodeState state, Instant since) {
		this.nodes.put(id, Node.of(id, pool, new NodeAddress("10.0.0." + (this.nodes.size() + 1), 8080)));
		this.statuses.put(id, new NodeStatus(state, 5, since, "fixture"));
		return this;
	}

	public Fixtures state(String id, NodeState state, Instant since) {
		this.statuses.put(id, new NodeStatus(state, this.statuses.get(id).version() + 1, since, "fixture"));
		return this;
	}

	/**
	 * Every node's next sample: healthy and cool unless set otherwise with
	 * {@link #sample}.
	 */
	public Fixtures healthyEverywhere() {
		this.nodes.keySet().forEach((id) -> sample(id, 20, AppHealth.UP));
		return this;
	}

	public Fixtures sample(String nodeId, double cpu, AppHealth health) {
		return sample(nodeId, cpu, 30, health);
	}

	public Fixtures sample(String nodeId, double cpu, double memory, AppHealth health) {
		long sequence = this.sequences.merge(nodeId, 1L, Long::sum);
		this.samples.put(nodeId, new MetricsSample(nodeId, cpu, memory, 0.5, health, this.now, sequence));
		return this;
	}

	/** Every node's next sample healthy, at this CPU. */
	public Fixtures cpuEverywhere(double cpu) {
		this.nodes.keySet().forEach((id) -> sample(id, cpu, AppHealth.UP));
		return this;
	}

	/** Replaces a pool's definition (sizes, standby hosts). */
	public Fixtures define(Pool pool) {
		this.pools.put(pool.name(), pool);
		return this;
	}

	/** Marks a node as launched by the gift monkey at that moment. */
	public Fixtures launched(String nodeId, Instant at) {
		Node node = this.nodes.get(nodeId);
		this.launched.put(nodeId, new LaunchedHost(nodeId, node.pool(), null, "provisioner", at));
		return this;
	}

	public Fixtures labels(String nodeId, Map<String, String> labels) {
		Node node = this.nodes.get(nodeId);
		this.nodes.put(nodeId, new Node(nodeId, node.pool(), node.address(), null, null, labels));
		return this;
	}

	public Fixtures replacementWanted(String pool, String why) {
		this.replacementsWanted = Map.of(pool, why);
		return this;
	}

	/** The node's sample expired: its agent stopped writing. */
	public Fixtures silent(String nodeId) {
		this.samples.remove(nodeId);
		return this;
	}

	public Fixtures traffic(TrafficView traffic) {
		this.traffic = traffic;
		return this;
	}

	public Fixtures advance(Duration duration) {
		this.now = this.now.plus(duration);
		return this;
	}

	public Instant now() {
		return this.now;
	}

	/**
	 * The view of one tick: the history records this tick's samples first, as the loop
	 * does.
	 */
	public FleetView tick() {
		FleetSnapshot snapshot = new FleetSnapshot(this.now, new TreeMap<>(this.nodes), new TreeMap<>(this.statuses),
				new TreeMap<>(this.samples), new TreeMap<>(this.pools), new TreeMap<>());
		this.history.record(snapshot.samples(), snapshot.nodes().keySet(), this.now);
		this.poolLoad.record(snapshot, this.now, Duration.ofSeconds(3), Duration.ofHours(1));
		return new FleetView(this.now, snapshot, this.history, this.traffic, this.poolLoad, this.launched,
				this.replacementsWanted);
	}

	/**
	 * Healthy samples everywhere for {@code ticks} ticks of a second, returning the last
	 * view.
	 */
	public FleetView ticks(int ticks) {
		FleetView view = null;
		for (int i = 0; i < ticks; i++) {
			advance(Duration.ofSeconds(1));
			view = tick();
		}
		return view;
	}

	public List<String> nodeIds() {
		return new ArrayList<>(this.nodes.keySet());
	}

}

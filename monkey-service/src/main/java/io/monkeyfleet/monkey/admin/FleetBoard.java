package io.monkeyfleet.monkey.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.monkeyfleet.model.GatewayReport;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.model.NodeTraffic;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.monkey.guard.RepairBudget;
import io.monkeyfleet.monkey.workflow.RepairWorkflow;
import io.monkeyfleet.monkey.workflow.RepairWorkflows;
import io.monkeyfleet.store.FleetSnapshot;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.KeySchema;

import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The fleet as the admin API and the dashboard show it, read at most once a second
 * however many people watch: a snapshot, the gateways' reports (turned into rates between
 * reads), every node's repair history in one pipelined round trip, and the workflows in
 * flight. It also keeps each node's last {@value #HISTORY} CPU and memory readings for
 * the dashboard's sparklines, gathered while someone is looking.
 */
class FleetBoard {

	/** Readings kept per node for sparklines. */
	static final int HISTORY = 60;

	/** Gateways write a report about every second; an older one is from a stopped one. */
	private static final Duration REPORT_FRESHNESS = Duration.ofSeconds(5);

	/** Rates need at least this much time between the two counts they compare. */
	private static final Duration RATE_INTERVAL = Duration.ofSeconds(1);

	private final FleetStore store;

	private final StringRedisTemplate redis;

	private final KeySchema keys;

	private final RepairWorkflows workflows;

	private final Supplier<RepairBudget> budget;

	private final Supplier<List<String>> openBreakers;

	private final Clock clock;

	private final Map<String, Counts> counts = new HashMap<>();

	private final Map<String, Rates> rates = new HashMap<>();

	private final Map<String, Deque<MetricsSample>> history = new HashMap<>();

	private Board board;

	FleetBoard(FleetStore store, StringRedisTemplate redis, KeySchema keys, RepairWorkflows workflows,
			Supplier<RepairBudget> budget, Supplier<List<String>> openBreakers, Clock clock) {
		this.store = store;
		this.redis = redis;
		this.keys = keys;
		this.workflows = workflows;
		this.budget = budget;
		this.openBreakers = openBreakers;
		this.clock = clock;
	}

	/** Every node, in id order, with or without its recent readings. */
	List<NodeView> nodes(boolean withHistory) {
		Board current = read();
		return current.nodes.values().stream().map((view) -> withHistory ? withHistory(view) : view).toList();
	}

	/**
	 * One node; a node the last read did not have is looked for again (it may have just
	 * registered).
	 */
	java.util.Optional<NodeView> node(String nodeId, boolean withHistory) {
		Board current = read();
		if (!current.nodes.containsKey(nodeId) && this.store.node(nodeId).isPresent()) {
			current = readAgain();
		}
		return java.util.Optional.ofNullable(current.nodes.get(nodeId))
			.map((view) -> withHistory ? withHistory(view) : view);
	}

	List<PoolView> pools() {
		return List.copyOf(read().pools.values());
	}

	/** One pool; a pool the last read did not have is looked for again. */
	java.util.Optional<PoolView> pool(String name) {
		Board current = read();
		if (!current.pools.containsKey(name) && (this.store.pool(name).isPresent()
				|| this.store.nodes().stream().anyMatch((n) -> n.pool().equals(name)))) {
			current = readAgain();
		}
		return java.util.Optional.ofNullable(current.pools.get(name));
	}

	private synchronized Board readAgain() {
		this.board = null;
		return read();
	}

	private synchronized NodeView withHistory(NodeView view) {
		Deque<MetricsSample> samples = this.history.getOrDefault(view.id(), new ArrayDeque<>());
		List<Double> cpu = samples.stream().map(MetricsSample::cpuPercent).toList();
		List<Double> memory = samples.stream().map(MetricsSample::memoryPercent).toList();
		return new NodeView(view.id(), view.pool(), view.address(), view.zone(), view.instanceId(), view.labels(),
				view.state(), view.stateSince(), view.stateReason(), view.stateVersion(), view.sample(),
				view.heartbeatAgeMillis(), view.traffic(), view.repairBudget(), view.workflow(),
				new NodeView.History(cpu, memory));
	}

	/** The board, read again if the last read is a second old. */
	private synchronized Board read() {
		Instant now = this.clock.instant();
		if (this.board != null && now.isBefore(this.board.readAt.plus(RATE_INTERVAL))) {
			return this.board;
		}
		FleetSnapshot snapshot = this.store.snapshot();
		List<GatewayReport> reports = this.store.gatewayReports()
			.stream()
			.filter((report) -> !report.writtenAt().isBefore(now.minus(REPORT_FRESHNESS)))
			.toList();
		Map<String, List<Instant>> repairs = repairStarts(snapshot.nodes().keySet(), now);
		Map<String, RepairWorkflow> working = new HashMap<>();
		this.workflows.inFlight().forEach((workflow) -> working.put(workflow.nodeId(), workflow));
		RepairBudget budget = this.budget.get();
		recordHistory(snapshot);
		Map<String, NodeView> nodes = new TreeMap<>();
		for (Node node : snapshot.nodes().values()) {
			nodes.put(node.id(), view(node, snapshot, now, traffic(node.id(), reports, now),
					budget(budget, repairs.getOrDefault(node.id(), List.of()), now), working.get(node.id())));
		}
		this.counts.keySet().retainAll(nodes.keySet());
		this.rates.keySet().retainAll(nodes.keySet());
		this.board = new Board(now, nodes, pools(snapshot, nodes.values()));
		return this.board;
	}

	private Map<String, PoolView> pools(FleetSnapshot snapshot, java.util.Collection<NodeView> nodes) {
		Set<String> open = Set.copyOf(this.openBreakers.get());
		Map<String, PoolView> pools = new TreeMap<>();
		Map<String, Map<String, Integer>> states = new TreeMap<>();
		for (NodeView node : nodes) {
			states.computeIfAbsent(node.pool(), (pool) -> new TreeMap<>())
				.merge((node.state() != null) ? node.state().name() : "UNKNOWN", 1, Integer::sum);
		}
		for (Pool pool : snapshot.pools().values()) {
			Map<String, Integer> byState = states.getOrDefault(pool.name(), Map.of());
			pools.put(pool.name(),
					new PoolView(pool.name(), pool.minSize(), pool.maxSize(), pool.standbyHosts(),
							byState.values().stream().mapToInt(Integer::intValue).sum(), byState,
							open.contains(pool.name()), true));
		}
		states
			.forEach((name, byState) -> pools.computeIfAbsent(name, (pool) -> new PoolView(pool, null, null, List.of(),
					byState.values().stream().mapToInt(Integer::intValue).sum(), byState, open.contains(pool), false)));
		return pools;
	}

	private static NodeView view(Node node, FleetSnapshot snapshot, Instant now, NodeView.Traffic traffic,
			NodeView.Budget budget, RepairWorkflow workflow) {
		NodeStatus status = snapshot.statuses().get(node.id());
		MetricsSample sample = snapshot.samples().get(node.id());
		return new NodeView(node.id(), node.pool(), node.address().toString(), node.zone(), node.instanceId(),
				node.labels(), (status != null) ? status.state() : null, (status != null) ? status.since() : null,
				(status != null) ? status.reason() : null, (status != null) ? status.version() : null, sample,
				(sample != null) ? Math.max(0, Duration.between(sample.sampledAt(), now).toMillis()) : null, traffic,
				budget, (workflow != null) ? new NodeView.WorkflowRef(workflow.id(), workflow.step().name(),
						workflow.startedAt(), workflow.reason()) : null,
				null);
	}

	private NodeView.Traffic traffic(String nodeId, List<GatewayReport> reports, Instant now) {
		int gateways = 0;
		long requests = 0;
		long errors = 0;
		int inFlight = 0;
		double p50 = 0;
		double p95 = 0;
		double p99 = 0;
		boolean ejected = false;
		for (GatewayReport report : reports) {
			NodeTraffic traffic = report.nodes().get(nodeId);
			if (traffic == null) {
				continue;
			}
			gateways++;
			requests += traffic.requests();
			errors += traffic.errors();
			inFlight += traffic.inFlight();
			// Quantiles of different gateways do not add up; the slowest one is the
			// honest summary.
			p50 = Math.max(p50, traffic.p50Millis());
			p95 = Math.max(p95, traffic.p95Millis());
			p99 = Math.max(p99, traffic.p99Millis());
			ejected |= traffic.ejectedUntil() != null && traffic.ejectedUntil().isAfter(now);
		}
		if (gateways == 0) {
			return null;
		}
		Rates rate = rate(nodeId, new Counts(requests, errors, now));
		return new NodeView.Traffic(gateways, rate.requestsPerSecond, rate.errorsPerSecond,
				(rate.requestsPerSecond > 0) ? 100.0 * rate.errorsPerSecond / rate.requestsPerSecond : 0, inFlight, p50,
				p95, p99, ejected);
	}

	/**
	 * Requests and errors per second since the previous count at least a second older. A
	 * gateway that restarted counts from zero again: a drop reads as no traffic, not as a
	 * negative rate.
	 */
	private Rates rate(String nodeId, Counts now) {
		Counts before = this.counts.get(nodeId);
		if (before == null) {
			this.counts.put(nodeId, now);
			return this.rates.getOrDefault(nodeId, Rates.NONE);
		}
		double seconds = Duration.between(before.at, now.at).toMillis() / 1000.0;
		if (seconds < RATE_INTERVAL.toMillis() / 1000.0) {
			return this.rates.getOrDefault(nodeId, Rates.NONE);
		}
		Rates rates = new Rates(Math.max(0, now.requests - before.requests) / seconds,
				Math.max(0, now.errors - before.errors) / seconds);
		this.counts.put(nodeId, now);
		this.rates.put(nodeId, rates);
		return rates;
	}

	private static NodeView.Budget budget(RepairBudget budget, List<Instant> starts, Instant now) {
		RepairBudget.Standing standing = budget.standing(starts, now);
		return new NodeView.Budget(standing.repairsInWindow(), budget.maxRepairs(),
				Math.max(0, budget.maxRepairs() - standing.repairsInWindow()), standing.notBefore());
	}

	private void recordHistory(FleetSnapshot snapshot) {
		this.history.keySet().retainAll(snapshot.nodes().keySet());
		snapshot.samples().forEach((nodeId, sample) -> {
			Deque<MetricsSample> samples = this.history.computeIfAbsent(nodeId, (id) -> new ArrayDeque<>());
			MetricsSample newest = samples.peekLast();
			if (newest == null || newest.sequence() != sample.sequence()
					|| !newest.sampledAt().equals(sample.sampledAt())) {
				samples.addLast(sample);
				while (samples.size() > HISTORY) {
					samples.removeFirst();
				}
			}
		});
	}

	/**
	 * Every node's repair starts within the budget's window, in one pipelined round trip.
	 */
	private Map<String, List<Instant>> repairStarts(Set<String> nodeIds, Instant now) {
		List<String> ids = new ArrayList<>(nodeIds);
		if (ids.isEmpty()) {
			return Map.of();
		}
		double since = now.minus(this.budget.get().window()).toEpochMilli();
		List<Object> results = this.redis.executePipelined(new SessionCallback<Object>() {
			@Override
			@SuppressWarnings("unchecked")
			public <K, V> Object execute(RedisOperations<K, V> operations) {
				RedisOperations<String, String> strings = (RedisOperations<String, String>) operations;
				for (String id : ids) {
					strings.opsForZSet().rangeByScore(FleetBoard.this.keys.monkeyRepairs(id), since, Double.MAX_VALUE);
				}
				return null;
			}
		});
		Map<String, List<Instant>> starts = new HashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			if (results.get(i) instanceof java.util.Collection<?> members && !members.isEmpty()) {
				starts.put(ids.get(i),
						members.stream()
							.map((member) -> Instant.ofEpochMilli(Long.parseLong(String.valueOf(member))))
							.sorted()
							.toList());
			}
		}
		return starts;
	}

	private record Board(Instant readAt, Map<String, NodeView> nodes, Map<String, PoolView> pools) {
	}

	private record Counts(long requests, long errors, Instant at) {
	}

	private record Rates(double requestsPerSecond, double errorsPerSecond) {

		static final Rates NONE = new Rates(0, 0);

	}

}

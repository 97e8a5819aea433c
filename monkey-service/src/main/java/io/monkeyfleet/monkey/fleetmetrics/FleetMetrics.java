package io.monkeyfleet.monkey.fleetmetrics;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.monkeyfleet.concurrent.DaemonThreads;
import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.store.FleetSnapshot;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet as Prometheus sees it: each node's CPU, memory, heartbeat age and lifecycle
 * state, each pool's node counts, the circuit breakers, and a count of the fleet's events
 * by type (the dashboard's remediation annotations). Read from Redis every
 * {@code interval} on its own thread, so a scrape never waits for Redis.
 *
 * <p>
 * Every monkey-service replica exports the same values, because they come from Redis and
 * not from the acting replica's memory: dashboards and alerts take {@code max by} node or
 * pool. A breaker's state is the newest {@code BREAKER_OPENED}/{@code BREAKER_CLOSED}
 * event of its pool, looked up in the newest {@value #HISTORY_EVENTS} events at start and
 * followed from then on.
 */
public final class FleetMetrics implements MeterBinder, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(FleetMetrics.class);

	static final int HISTORY_EVENTS = 1000;

	private static final int EVENTS_PER_READ = 1000;

	private final FleetStore store;

	private final Clock clock;

	private final Duration interval;

	private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("fleet-metrics");

	/** Pool → whether its breaker is open; only pools that ever had a breaker event. */
	private final Map<String, Boolean> breakers = new TreeMap<>();

	/** Set once bound: reads before that have nowhere to go. */
	private volatile MeterRegistry registry;

	private MultiGauge cpu;

	private MultiGauge memory;

	private MultiGauge heartbeatAge;

	private MultiGauge nodeState;

	private MultiGauge nodesByState;

	private MultiGauge poolNodes;

	private MultiGauge poolHeartbeating;

	private MultiGauge breakerOpen;

	private volatile boolean redisReachable;

	/** The id of the newest event counted; null until the first successful read. */
	private String lastEventId;

	public FleetMetrics(FleetStore store, Clock clock, Duration interval) {
		this.store = store;
		this.clock = clock;
		this.interval = interval;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.cpu = MultiGauge.builder("monkeyfleet.fleet.node.cpu")
			.description("The node's CPU use in its latest sample")
			.baseUnit("percent")
			.register(registry);
		this.memory = MultiGauge.builder("monkeyfleet.fleet.node.memory")
			.description("The node's memory use in its latest sample")
			.baseUnit("percent")
			.register(registry);
		this.heartbeatAge = MultiGauge.builder("monkeyfleet.fleet.node.heartbeat.age")
			.description("Seconds since the node's latest unexpired sample was taken; absent when it has none")
			.baseUnit("seconds")
			.register(registry);
		this.nodeState = MultiGauge.builder("monkeyfleet.fleet.node.state")
			.description("1 for the node's current lifecycle state (tag state)")
			.register(registry);
		this.nodesByState = MultiGauge.builder("monkeyfleet.fleet.nodes")
			.description("Nodes of the pool in each lifecycle state, zeros included")
			.register(registry);
		this.poolNodes = MultiGauge.builder("monkeyfleet.fleet.pool.nodes")
			.description("Registered nodes of the pool")
			.register(registry);
		this.poolHeartbeating = MultiGauge.builder("monkeyfleet.fleet.pool.heartbeating.nodes")
			.description("Nodes of the pool with an unexpired sample (a live agent)")
			.register(registry);
		this.breakerOpen = MultiGauge.builder("monkeyfleet.fleet.breaker.open")
			.description("1 while the pool's circuit breaker is open (no action on the pool)")
			.register(registry);
		Gauge.builder("monkeyfleet.fleet.redis.reachable", this, (self) -> self.redisReachable ? 1 : 0)
			.description("1 when the last read of the fleet from Redis worked")
			.register(registry);
		this.registry = registry;
	}

	/** Reads the fleet now and then every {@code interval}. */
	public void start() {
		this.scheduler.scheduleWithFixedDelay(this::read, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** One read of the fleet into the gauges; failures are logged once per outage. */
	void read() {
		if (this.registry == null) {
			return;
		}
		try {
			FleetSnapshot snapshot = this.store.snapshot();
			followEvents();
			publish(snapshot);
			if (!this.redisReachable) {
				logger.info("Fleet metrics read from Redis");
			}
			this.redisReachable = true;
		}
		catch (RuntimeException ex) {
			if (this.redisReachable || this.lastEventId == null) {
				logger.warn("Fleet metrics cannot read Redis ({}); gauges keep their last values", ex.getMessage());
			}
			this.redisReachable = false;
		}
	}

	private void followEvents() {
		if (this.lastEventId == null) {
			List<StoredEvent> newestFirst = this.store.latestEvents(HISTORY_EVENTS);
			for (int i = newestFirst.size() - 1; i >= 0; i--) {
				noteBreaker(newestFirst.get(i).event());
			}
			this.lastEventId = newestFirst.isEmpty() ? "0-0" : newestFirst.get(0).id();
			return;
		}
		List<StoredEvent> events;
		do {
			events = this.store.eventsAfter(this.lastEventId, EVENTS_PER_READ);
			for (StoredEvent stored : events) {
				FleetEvent event = stored.event();
				noteBreaker(event);
				Counter.builder("monkeyfleet.fleet.events")
					.description("Fleet events seen since this replica started, by type and pool")
					.tags("type", event.type().name(), "pool", (event.pool() != null) ? event.pool() : "none")
					.register(this.registry)
					.increment();
				this.lastEventId = stored.id();
			}
		}
		while (events.size() == EVENTS_PER_READ);
	}

	private void noteBreaker(FleetEvent event) {
		if (event.pool() != null && event.type() == EventType.BREAKER_OPENED) {
			this.breakers.put(event.pool(), true);
		}
		else if (event.pool() != null && event.type() == EventType.BREAKER_CLOSED) {
			this.breakers.put(event.pool(), false);
		}
	}

	private void publish(FleetSnapshot snapshot) {
		List<MultiGauge.Row<?>> cpuRows = new ArrayList<>();
		List<MultiGauge.Row<?>> memoryRows = new ArrayList<>();
		List<MultiGauge.Row<?>> ageRows = new ArrayList<>();
		List<MultiGauge.Row<?>> stateRows = new ArrayList<>();
		Map<String, Map<NodeState, Integer>> byPool = new TreeMap<>();
		Map<String, Integer> heartbeating = new TreeMap<>();
		Map<String, Integer> registered = new TreeMap<>();
		snapshot.pools().keySet().forEach((pool) -> byPool.put(pool, zeroCounts()));
		for (Node node : snapshot.nodes().values()) {
			Tags tags = Tags.of("pool", node.pool(), "node", node.id());
			Map<NodeState, Integer> counts = byPool.computeIfAbsent(node.pool(), (pool) -> zeroCounts());
			heartbeating.putIfAbsent(node.pool(), 0);
			registered.merge(node.pool(), 1, Integer::sum);
			snapshot.status(node.id()).map(NodeStatus::state).ifPresent((state) -> {
				counts.merge(state, 1, Integer::sum);
				stateRows.add(MultiGauge.Row.of(tags.and("state", state.name()), 1));
			});
			MetricsSample sample = snapshot.samples().get(node.id());
			if (sample != null) {
				heartbeating.merge(node.pool(), 1, Integer::sum);
				cpuRows.add(MultiGauge.Row.of(tags, sample.cpuPercent()));
				memoryRows.add(MultiGauge.Row.of(tags, sample.memoryPercent()));
				double age = Math.max(0,
						Duration.between(sample.sampledAt(), this.clock.instant()).toMillis() / 1000.0);
				ageRows.add(MultiGauge.Row.of(tags, age));
			}
		}
		List<MultiGauge.Row<?>> countRows = new ArrayList<>();
		List<MultiGauge.Row<?>> poolRows = new ArrayList<>();
		List<MultiGauge.Row<?>> heartbeatingRows = new ArrayList<>();
		byPool.forEach((pool, counts) -> {
			counts.forEach((state, count) -> countRows
				.add(MultiGauge.Row.of(Tags.of("pool", pool, "state", state.name()), count)));
			poolRows.add(MultiGauge.Row.of(Tags.of("pool", pool), registered.getOrDefault(pool, 0)));
			heartbeatingRows.add(MultiGauge.Row.of(Tags.of("pool", pool), heartbeating.getOrDefault(pool, 0)));
		});
		// Every known pool has a breaker row, 0 unless its newest breaker event opened
		// it.
		Map<String, Boolean> breakerStates = new TreeMap<>();
		byPool.keySet().forEach((pool) -> breakerStates.put(pool, false));
		breakerStates.putAll(this.breakers);
		List<MultiGauge.Row<?>> breakerRows = new ArrayList<>();
		breakerStates.forEach((pool, open) -> breakerRows.add(MultiGauge.Row.of(Tags.of("pool", pool), open ? 1 : 0)));
		this.cpu.register(cpuRows, true);
		this.memory.register(memoryRows, true);
		this.heartbeatAge.register(ageRows, true);
		this.nodeState.register(stateRows, true);
		this.nodesByState.register(countRows, true);
		this.poolNodes.register(poolRows, true);
		this.poolHeartbeating.register(heartbeatingRows, true);
		this.breakerOpen.register(breakerRows, true);
	}

	private static Map<NodeState, Integer> zeroCounts() {
		Map<NodeState, Integer> counts = new EnumMap<>(NodeState.class);
		for (NodeState state : NodeState.values()) {
			counts.put(state, 0);
		}
		return counts;
	}

	@Override
	public void close() {
		DaemonThreads.shutdown(this.scheduler, Duration.ofSeconds(5));
	}

}

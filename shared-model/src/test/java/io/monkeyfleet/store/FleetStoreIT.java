package io.monkeyfleet.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetChange;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.IllegalTransitionException;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RoutePredicate;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import io.monkeyfleet.testsupport.time.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

class FleetStoreIT {

	@RegisterExtension
	static final RealRedisExtension redisServer = new RealRedisExtension();

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private final KeySchema keys = new KeySchema("mf:");

	private final FleetCodec codec = new FleetCodec();

	private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

	private FleetStore store;

	@BeforeAll
	static void connect() {
		connectionFactory = TestRedis.connect(redisServer);
		redis = new StringRedisTemplate(connectionFactory);
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@BeforeEach
	void emptyRedis() {
		TestRedis.flush(redis);
		this.store = storeWith(FleetStoreSettings.DEFAULTS);
	}

	@Test
	void registersANodeAsJoiningAndReadsItBack() {
		Node node = node("a");
		NodeStatus status = this.store.register(node);
		assertThat(status).isEqualTo(NodeStatus.joining(this.clock.instant()));
		assertThat(this.store.node("a")).contains(node);
		assertThat(this.store.status("a")).contains(status);
		assertThat(this.store.nodes()).containsExactly(node);
	}

	@Test
	void registeringAgainKeepsTheStateMonkeyServiceGaveButUpdatesTheDescriptor() {
		NodeStatus joining = this.store.register(node("a"));
		this.store.transition("a", joining, NodeState.ACTIVE, "healthy", "monkey:admission", Map.of());
		Node moved = new Node("a", "web", NodeAddress.parse("10.0.0.9:9090"), null, null, Map.of());
		NodeStatus after = this.store.register(moved);
		assertThat(after.state()).isEqualTo(NodeState.ACTIVE);
		assertThat(after.version()).isEqualTo(2);
		assertThat(this.store.node("a")).contains(moved);
	}

	@Test
	void aTransitionBumpsTheVersionAndRecordsWhoWhyAndEvidence() {
		NodeStatus joining = this.store.register(node("a"));
		this.clock.advance(Duration.ofSeconds(3));
		TransitionResult result = this.store.transition("a", joining, NodeState.ACTIVE, "3 healthy samples",
				"monkey:admission", Map.of("samples", "41,42,43"));
		NodeStatus active = new NodeStatus(NodeState.ACTIVE, 2, this.clock.instant(), "3 healthy samples");
		assertThat(result).isEqualTo(new TransitionResult.Applied(active));
		assertThat(this.store.status("a")).contains(active);
		FleetEvent event = this.store.latestEvents(1).get(0).event();
		assertThat(event.type()).isEqualTo(EventType.NODE_STATE_CHANGED);
		assertThat(event.nodeId()).isEqualTo("a");
		assertThat(event.pool()).isEqualTo("web");
		assertThat(event.actor()).isEqualTo("monkey:admission");
		assertThat(event.evidence()).containsExactly(Map.entry("from", "JOINING"), Map.entry("to", "ACTIVE"),
				Map.entry("samples", "41,42,43"));
	}

	@Test
	void ofTwoConcurrentTransitionsOfOneNodeExactlyOneWins() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			for (int round = 0; round < 25; round++) {
				String id = "race-" + round;
				NodeStatus joining = this.store.register(node(id));
				NodeStatus active = ((TransitionResult.Applied) this.store.transition(id, joining, NodeState.ACTIVE,
						"healthy", "test", Map.of()))
					.status();
				CyclicBarrier bothReady = new CyclicBarrier(2);
				Future<TransitionResult> drain = threads.submit(() -> {
					bothReady.await();
					return this.store.transition(id, active, NodeState.DRAINING, "hot", "monkey:doctor", Map.of());
				});
				Future<TransitionResult> migrate = threads.submit(() -> {
					bothReady.await();
					return this.store.transition(id, active, NodeState.MIGRATING, "memory", "monkey:migration",
							Map.of());
				});
				List<TransitionResult> results = List.of(drain.get(), migrate.get());
				assertThat(results).filteredOn(TransitionResult::applied).hasSize(1);
				NodeState winner = ((TransitionResult.Applied) results.stream()
					.filter(TransitionResult::applied)
					.findFirst()
					.orElseThrow()).status().state();
				TransitionResult loser = results.stream().filter((r) -> !r.applied()).findFirst().orElseThrow();
				assertThat(loser).isInstanceOfSatisfying(TransitionResult.Conflict.class,
						(conflict) -> assertThat(conflict.current()).map(NodeStatus::state).contains(winner));
				assertThat(this.store.status(id)).map(NodeStatus::state).contains(winner);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void aStaleVersionConflictsEvenWhenTheNodeIsBackInTheSameState() {
		NodeStatus joining = this.store.register(node("a"));
		NodeStatus active = applied(this.store.transition("a", joining, NodeState.ACTIVE, "ok", "t", Map.of()));
		NodeStatus draining = applied(this.store.transition("a", active, NodeState.DRAINING, "hot", "t", Map.of()));
		applied(this.store.transition("a", draining, NodeState.ACTIVE, "cancelled", "t", Map.of()));
		TransitionResult stale = this.store.transition("a", active, NodeState.DRAINING, "hot", "t", Map.of());
		assertThat(stale).isInstanceOf(TransitionResult.Conflict.class);
		assertThat(this.store.status("a")).map(NodeStatus::version).contains(4L);
	}

	@Test
	void anIllegalTransitionFailsCleanlyAndWritesNothing() {
		NodeStatus joining = this.store.register(node("a"));
		long events = this.store.eventCount();
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> this.store.transition("a", joining, NodeState.REBOOTING, "why", "t", Map.of()))
			.withMessageContaining("cannot move from JOINING to REBOOTING");
		assertThat(this.store.status("a")).contains(joining);
		assertThat(this.store.eventCount()).isEqualTo(events);
	}

	@Test
	void aTransitionOfAnUnknownNodeIsNotFound() {
		NodeStatus someStatus = NodeStatus.joining(this.clock.instant());
		assertThat(this.store.transition("ghost", someStatus, NodeState.ACTIVE, "ok", "t", Map.of()))
			.isInstanceOf(TransitionResult.NotFound.class);
	}

	@Test
	void aSampleExpiresAfterItsTimeToLiveAndTheNodeThenReadsAsUnknown() {
		this.store.register(node("a"));
		MetricsSample sample = sample("a", 55, this.clock.instant());
		this.store.writeSample(sample, Duration.ofMillis(400));
		assertThat(this.store.sample("a")).contains(sample);
		assertThat(this.store.snapshot().sample("a")).contains(sample);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.store.sample("a").isEmpty());
		assertThat(this.store.snapshot().sample("a")).isEmpty();
		assertThat(redis.hasKey(this.keys.nodeSample("a"))).isFalse();
	}

	@Test
	void theEventStreamIsTrimmedToExactlyItsMaximumLength() {
		FleetStore small = storeWith(new FleetStoreSettings(5, Duration.ofSeconds(5)));
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			ids.add(small.appendEvent(event("event " + i)));
		}
		assertThat(small.eventCount()).isEqualTo(5);
		assertThat(small.latestEvents(10)).extracting((e) -> e.event().reason())
			.containsExactly("event 11", "event 10", "event 9", "event 8", "event 7");
		assertThat(small.eventsAfter(ids.get(8), 10)).extracting(StoredEvent::id)
			.containsExactly(ids.get(9), ids.get(10), ids.get(11));
	}

	@Test
	void eventsPageOnByIdAndFilterByTime() {
		Instant before = Instant.now().minusSeconds(1);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(this.store.appendEvent(event("event " + i)));
		}
		assertThat(this.store.eventsAfter(null, 2)).extracting(StoredEvent::id).containsExactly(ids.get(0), ids.get(1));
		assertThat(this.store.eventsAfter(ids.get(1), 2)).extracting(StoredEvent::id)
			.containsExactly(ids.get(2), ids.get(3));
		assertThat(this.store.eventsBefore(null, 2)).extracting(StoredEvent::id)
			.containsExactly(ids.get(4), ids.get(3));
		assertThat(this.store.eventsBefore(ids.get(3), 2)).extracting(StoredEvent::id)
			.containsExactly(ids.get(2), ids.get(1));
		assertThat(this.store.eventsSince(before, 100)).hasSize(5);
		assertThat(this.store.eventsSince(Instant.now().plusSeconds(60), 100)).isEmpty();
	}

	@Test
	void malformedDataIsRefusedCountedAndReadsAsAbsent() {
		this.store.register(node("a"));
		this.store.register(node("b"));
		redis.opsForValue().set(this.keys.nodeSample("a"), "{\"nodeId\":\"a\",\"cpuPercent\":150}");
		assertThat(this.store.sample("a")).isEmpty();
		redis.opsForValue()
			.set(this.keys.nodeSample("a"), this.codec.encode(sample("a", 10, this.clock.instant().plusSeconds(60))));
		assertThat(this.store.sample("a")).as("a sample from the future").isEmpty();
		redis.opsForValue().set(this.keys.nodeSample("a"), this.codec.encode(sample("b", 10, this.clock.instant())));
		assertThat(this.store.sample("a")).as("node b's sample under node a's key").isEmpty();
		redis.opsForValue().set(this.keys.node("b"), "{\"id\":\"b\",\"pool\":\"web\",\"address\":{\"host\":\"h\"}}");
		assertThat(this.store.nodes()).extracting(Node::id).containsExactly("a");
		assertThat(this.store.snapshot().nodes()).containsOnlyKeys("a");
		redis.opsForStream().add(this.keys.events(), Map.of("event", "garbage"));
		this.store.appendEvent(event("good"));
		assertThat(this.store.latestEvents(10)).extracting((e) -> e.event().reason()).containsExactly("good");
		assertThat(this.store.malformedRecords()).isGreaterThanOrEqualTo(6);
	}

	@Test
	void theSnapshotHoldsNodesStatesSamplesPoolsAndRoutes() {
		this.store.register(node("b"));
		this.store.register(node("a"));
		this.store.writeSample(sample("a", 20, this.clock.instant()), Duration.ofSeconds(30));
		Pool pool = new Pool("web", 1, 3, List.of("standby-1"));
		this.store.savePool(pool, "operator:alice");
		Route route = new Route("api", List.of(RoutePredicate.path("/api/**")), List.of(), "web", 0);
		this.store.saveRoute(route, "operator:alice");
		FleetSnapshot snapshot = this.store.snapshot();
		assertThat(snapshot.nodes().keySet()).containsExactly("a", "b");
		assertThat(snapshot.statuses()).containsOnlyKeys("a", "b");
		assertThat(snapshot.samples()).containsOnlyKeys("a");
		assertThat(snapshot.pools()).containsEntry("web", pool);
		assertThat(snapshot.routes()).containsEntry("api", route);
		assertThat(snapshot.nodesInPool("web")).extracting(Node::id).containsExactly("a", "b");
		assertThat(this.store.pool("web")).contains(pool);
		assertThat(this.store.pools()).containsExactly(pool);
		assertThat(this.store.routes()).containsExactly(route);
		assertThat(this.store.latestEvents(2)).extracting((e) -> e.event().type())
			.containsExactly(EventType.ROUTE_SAVED, EventType.POOL_SAVED);
	}

	@Test
	void removingANodeDeletesItsKeysAndRecordsWhy() {
		this.store.register(node("a"));
		this.store.writeSample(sample("a", 20, this.clock.instant()), Duration.ofSeconds(30));
		assertThat(this.store.removeNode("a", "scaled in", "monkey:scale-in")).isTrue();
		assertThat(redis.keys("mf:node:a*")).isEmpty();
		assertThat(this.store.nodes()).isEmpty();
		assertThat(this.store.latestEvents(1).get(0).event()).satisfies((event) -> {
			assertThat(event.type()).isEqualTo(EventType.NODE_REMOVED);
			assertThat(event.reason()).isEqualTo("scaled in");
		});
		assertThat(this.store.removeNode("a", "again", "t")).isFalse();
	}

	@Test
	void deletingARouteThatIsNotThereSaysSo() {
		this.store.saveRoute(new Route("api", List.of(RoutePredicate.path("/api/**")), List.of(), "web", 0), "t");
		assertThat(this.store.deleteRoute("api", "t")).isTrue();
		assertThat(this.store.routes()).isEmpty();
		assertThat(this.store.deleteRoute("api", "t")).isFalse();
	}

	@Test
	void registeringAnUnchangedNodeAgainPublishesNothing() throws Exception {
		this.store.register(node("a"));
		List<FleetChange> received = new CopyOnWriteArrayList<>();
		try (FleetChangeSubscriber subscriber = new FleetChangeSubscriber(connectionFactory, this.keys, this.codec);
				AutoCloseable subscription = subscriber.subscribe(received::add)) {
			await().atMost(Duration.ofSeconds(5))
				.until(() -> redis.convertAndSend(this.keys.changesChannel(), "readiness probe") >= 1);
			this.store.register(node("a"));
			this.store.register(Node.of("a", "web", NodeAddress.parse("127.0.0.1:9999")));
			await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= 1);
			this.store.savePool(new Pool("web", 1, 2, List.of()), "t");
			await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= 2);
			assertThat(received).extracting(FleetChange::kind)
				.containsExactly(FleetChange.Kind.NODE, FleetChange.Kind.POOL);
		}
	}

	@Test
	void subscribersReceiveEveryChangeAndNeverAMalformedMessage() throws Exception {
		List<FleetChange> received = new CopyOnWriteArrayList<>();
		try (FleetChangeSubscriber subscriber = new FleetChangeSubscriber(connectionFactory, this.keys, this.codec);
				AutoCloseable subscription = subscriber.subscribe(received::add)) {
			// PUBLISH answers how many subscribers got the message; the subscriber drops
			// this one.
			await().atMost(Duration.ofSeconds(5))
				.until(() -> redis.convertAndSend(this.keys.changesChannel(), "readiness probe") >= 1);
			NodeStatus joining = this.store.register(node("a"));
			this.store.transition("a", joining, NodeState.ACTIVE, "ok", "t", Map.of());
			redis.convertAndSend(this.keys.changesChannel(), "not a change");
			this.store.saveRoute(new Route("api", List.of(RoutePredicate.path("/api/**")), List.of(), "web", 0), "t");
			this.store.savePool(new Pool("web", 1, 2, List.of()), "t");
			this.store.removeNode("a", "gone", "t");
			await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= 5);
			assertThat(received).extracting(FleetChange::kind)
				.containsExactly(FleetChange.Kind.NODE, FleetChange.Kind.NODE_STATE, FleetChange.Kind.ROUTE,
						FleetChange.Kind.POOL, FleetChange.Kind.NODE_REMOVED);
			assertThat(received).extracting(FleetChange::id).containsExactly("a", "a", "api", "web", "a");
		}
	}

	private FleetStore storeWith(FleetStoreSettings settings) {
		return new FleetStore(redis, this.keys, this.codec, this.clock, settings);
	}

	private static NodeStatus applied(TransitionResult result) {
		assertThat(result).isInstanceOf(TransitionResult.Applied.class);
		return ((TransitionResult.Applied) result).status();
	}

	private static Node node(String id) {
		return Node.of(id, "web", NodeAddress.parse("127.0.0.1:8080"));
	}

	private static MetricsSample sample(String nodeId, double cpu, Instant at) {
		return new MetricsSample(nodeId, cpu, 30, 0.5, AppHealth.UP, at, 1);
	}

	private FleetEvent event(String reason) {
		return new FleetEvent(this.clock.instant(), EventType.POOL_SAVED, null, "web", reason, Map.of(), "test");
	}

}

package io.monkeyfleet.monkey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.alerts.Alert;
import io.monkeyfleet.monkey.fleet.GatewayTraffic;
import io.monkeyfleet.monkey.fleet.SampleHistory;
import io.monkeyfleet.monkey.guard.CircuitBreaker;
import io.monkeyfleet.monkey.guard.GuardRails;
import io.monkeyfleet.monkey.lease.LeaderLease;
import io.monkeyfleet.monkey.provisioning.RecordingProvisioner;
import io.monkeyfleet.monkey.rules.AdmissionRule;
import io.monkeyfleet.monkey.rules.DoctorPolicy;
import io.monkeyfleet.monkey.rules.DoctorRule;
import io.monkeyfleet.monkey.settings.SettingsSource;
import io.monkeyfleet.monkey.workflow.FleetWorkflowStore;
import io.monkeyfleet.monkey.workflow.FleetWorkflows;
import io.monkeyfleet.monkey.workflow.RepairSettings;
import io.monkeyfleet.monkey.workflow.RepairWorkflows;
import io.monkeyfleet.monkey.workflow.WorkflowStore;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.store.StandaloneFleetStore;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.core.RedisCallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The loop against a real Redis that goes away: no action, no exception out of the tick,
 * one alert for the whole outage, and normal work again once Redis is back.
 */
class MonkeyLoopRedisOutageIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	private final List<Alert> alerts = new CopyOnWriteArrayList<>();

	private RecordingProvisioner provisioner;

	private StandaloneFleetStore connection;

	private MonkeyLoop loop;

	/** The sequence of the samples {@link #sampleAll} writes. */
	private long sequence = 1;

	@BeforeEach
	void build() {
		this.connection = StandaloneFleetStore.connect(redis.host(), redis.port());
		KeySchema keys = new KeySchema("mf:");
		Clock clock = Clock.systemUTC();
		this.provisioner = new RecordingProvisioner();
		MonkeyProperties settings = TestSettings.of(Map.of("dry-run", "false", "tick", "500ms"));
		SettingsSource source = SettingsSource.fixed(settings);
		FleetWorkflowStore flowStore = new FleetWorkflowStore(this.connection.redis(), keys, new FleetCodec());
		FleetWorkflows fleetWorkflows = new FleetWorkflows(flowStore, List.of());
		RepairWorkflows workflows = new RepairWorkflows(this.connection.store(),
				new WorkflowStore(this.connection.redis(), keys, new FleetCodec()), this.provisioner, this.alerts::add,
				() -> RepairSettings.DEFAULTS, (pool) -> DoctorPolicy.DEFAULTS);
		CircuitBreaker breaker = new CircuitBreaker(0.4, 3, (pool) -> DoctorPolicy.DEFAULTS);
		this.loop = new MonkeyLoop(this.connection.store(),
				new LeaderLease(this.connection.redis(), keys, "outage-test", Duration.ofSeconds(5), clock),
				List.of(new AdmissionRule((pool) -> DoctorPolicy.DEFAULTS),
						new DoctorRule((pool) -> DoctorPolicy.DEFAULTS)),
				new GuardRails(settings.guardPolicy(), breaker, (pool) -> DoctorPolicy.DEFAULTS), breaker, workflows,
				fleetWorkflows,
				new GatewayTraffic(this.connection.store(), Duration.ofSeconds(5), Duration.ofSeconds(3)),
				this.alerts::add, new SampleHistory(5), source, clock, Duration.ofMillis(500), List.of());
	}

	@AfterEach
	void close() {
		this.connection.close();
	}

	@Test
	void takesNoActionAndAlertsOnceWhileRedisIsAwayThenWorksAgain() {
		this.connection.store().register(Node.of("n1", "web", NodeAddress.parse("127.0.0.1:9")));
		this.loop.tick();
		assertThat(this.loop.leading()).isTrue();
		redis.stop();
		for (int tick = 0; tick < 5; tick++) {
			this.loop.tick();
		}
		assertThat(this.loop.leading()).isFalse();
		assertThat(this.alerts).singleElement()
			.satisfies((alert) -> assertThat(alert.kind()).isEqualTo("redis-unreachable"));
		assertThat(this.provisioner.calls()).isEmpty();
		redis.start();
		// Redis came back empty; the agent would register again. The loop leads and reads
		// again.
		await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
			this.connection.store().register(Node.of("n1", "web", NodeAddress.parse("127.0.0.1:9")));
			this.connection.store()
				.writeSample(new MetricsSample("n1", 10, 10, null, AppHealth.UP, Instant.now(), 1),
						Duration.ofSeconds(5));
			this.loop.tick();
			return this.loop.leading();
		});
		assertThat(this.alerts).hasSize(1);
		assertThat(this.provisioner.calls()).isEmpty();
	}

	/**
	 * A leader that stops (crashes, or pauses past its lease) right after saving a repair
	 * but before taking the node out of rotation: the next leader abandons that repair
	 * (the node is still ACTIVE and healthy) instead of rebooting a node in rotation or
	 * leaving the workflow hanging.
	 */
	@Test
	void aRepairSavedByALeaderThatStoppedBeforeMovingTheNodeIsAbandoned() {
		var store = this.connection.store();
		var joined = store.register(Node.of("n1", "web", NodeAddress.parse("127.0.0.1:9")));
		store.transition("n1", joined, NodeState.ACTIVE, "test: admitted", "test", Map.of());
		sampleAll(List.of("n1"));
		WorkflowStore saved = new WorkflowStore(this.connection.redis(), new KeySchema("mf:"), new FleetCodec());
		saved.save(io.monkeyfleet.monkey.workflow.RepairWorkflow.start("n1", "web", Instant.now(), "stopped leader",
				Map.of()));
		this.loop.tick();
		this.loop.tick();
		assertThat(saved.inFlight()).as("repairs in flight").isEmpty();
		assertThat(store.status("n1").orElseThrow().state()).isEqualTo(NodeState.ACTIVE);
		assertThat(this.provisioner.calls()).as("provisioner calls").isEmpty();
		assertThat(store.eventsSince(Instant.now().minusSeconds(60), 100)).anySatisfy(
				(stored) -> assertThat(stored.event().reason()).contains("repair abandoned: the node never left"));
	}

	@Test
	void aSuddenlyEmptySnapshotMeansStopNotEverythingIsGone() {
		this.connection.store().register(Node.of("n1", "web", NodeAddress.parse("127.0.0.1:9")));
		this.connection.store().register(Node.of("n2", "web", NodeAddress.parse("127.0.0.1:10")));
		this.loop.tick();
		// Someone flushes Redis: every node key is gone at once.
		this.connection.redis().execute((RedisCallback<Object>) (redisConnection) -> {
			redisConnection.serverCommands().flushAll();
			return null;
		});
		for (int tick = 0; tick < 3; tick++) {
			this.loop.tick();
		}
		assertThat(this.alerts).singleElement()
			.satisfies((alert) -> assertThat(alert.kind()).isEqualTo("empty-snapshot"));
		assertThat(this.provisioner.calls()).isEmpty();
		assertThat(this.connection.store().latestEvents(10)).as("no action recorded on an empty fleet")
			.noneMatch((event) -> event.event().nodeId() != null);
	}

	@Test
	void aFleetThatLostMoreThanHalfItsAdmittedNodesAtOnceIsSuspectUntilHalfAreBack() {
		this.connection.redis().execute((RedisCallback<Object>) (redisConnection) -> {
			redisConnection.serverCommands().flushAll();
			return null;
		});
		List<String> admitted = List.of("n1", "n2", "n3", "n4");
		for (String id : admitted) {
			this.connection.store().register(Node.of(id, "web", NodeAddress.parse("127.0.0.1:9")));
			this.connection.store()
				.transition(id, this.connection.store().status(id).orElseThrow(), NodeState.ACTIVE, "test", "test",
						Map.of());
		}
		this.connection.store().register(Node.of("j1", "web", NodeAddress.parse("127.0.0.1:9")));
		this.connection.store().register(Node.of("j2", "web", NodeAddress.parse("127.0.0.1:9")));
		sampleAll(admitted);
		this.loop.tick();
		// Nodes never admitted go: no alarm (4 admitted nodes remain).
		this.connection.store().removeNode("j1", "test", "test");
		this.connection.store().removeNode("j2", "test", "test");
		this.loop.tick();
		assertThat(this.alerts).isEmpty();

		// A half-restored Redis: three of the four admitted nodes gone at once.
		for (String id : List.of("n1", "n2", "n3")) {
			this.connection.store().removeNode(id, "test", "test");
		}
		sampleAll(List.of("n4"));
		this.loop.tick();
		this.loop.tick();
		assertThat(this.alerts).singleElement()
			.satisfies((alert) -> assertThat(alert.kind()).isEqualTo("empty-snapshot"));

		// One agent registers again: two of four, half are back, and the monkeys act
		// again: n1 is admitted once its samples are healthy; no second alert.
		this.connection.store().register(Node.of("n1", "web", NodeAddress.parse("127.0.0.1:9")));
		for (int tick = 0; tick < 10
				&& this.connection.store().status("n1").orElseThrow().state() != NodeState.ACTIVE; tick++) {
			this.sequence++;
			sampleAll(List.of("n1", "n4"));
			this.loop.tick();
		}
		assertThat(this.connection.store().status("n1").orElseThrow().state()).isEqualTo(NodeState.ACTIVE);
		assertThat(this.alerts).hasSize(1);
		assertThat(this.provisioner.calls()).isEmpty();
	}

	private void sampleAll(List<String> ids) {
		for (String id : ids) {
			this.connection.store()
				.writeSample(new MetricsSample(id, 10, 20, null, AppHealth.UP, Instant.now(), this.sequence),
						Duration.ofSeconds(30));
		}
	}

}

package io.monkeyfleet.monkey.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RoutePredicate;
import io.monkeyfleet.store.StandaloneFleetStore;
import io.monkeyfleet.store.StoredEvent;
import io.monkeyfleet.testsupport.process.JavaProcess;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The migration monkey end to end on local hosts, under traffic through a real gateway.
 * First a standby host whose port is taken (its app cannot start): the migration fails
 * before the switch, traffic stays where it was, and an alert says so. Then a good
 * standby: the memory-starved node's service moves there with zero failed requests, and
 * the old host becomes the pool's standby.
 *
 * <p>
 * Extended (runs with {@code -Pextended}): the {@code migration} scenario of
 * local-stack's {@code ScenariosIT} proves the same through the whole local stack in the
 * default suite.
 */
@Tag("extended")
class MigrationEndToEndIT {

	private static final Logger logger = LoggerFactory.getLogger(MigrationEndToEndIT.class);

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	@TempDir
	static Path state;

	private static LocalFleet fleet;

	private static StandaloneFleetStore store;

	private static int gateway;

	private static ServerSocket squatter;

	@BeforeAll
	static void startTheFleet() throws IOException {
		store = StandaloneFleetStore.connect(redis.host(), redis.port());
		store.store().savePool(new Pool("web", 1, 4, List.of("standby-bad")), "test");
		store.store().saveRoute(new Route("web", List.of(RoutePredicate.path("/**")), List.of(), "web", 0), "test");
		fleet = new LocalFleet(redis, state, List.of("node-1", "node-2"))
			.withStandbyHosts(List.of("standby-bad", "standby-1"))
			.withMemoryLimit("128MB")
			.withProvisionerProperties(List.of("--monkeyfleet.provisioner.health.timeout=20s"))
			.start();
		// Something else holds the bad standby's port: its app cannot listen there.
		squatter = new ServerSocket(fleet.standbyPort("standby-bad"), 1, InetAddress.getLoopbackAddress());
		gateway = fleet.gateway();
	}

	@AfterAll
	static void stopTheFleet() throws IOException {
		fleet.close();
		store.close();
		squatter.close();
	}

	@Test
	void aMemoryStarvedNodeHandsItsServiceToTheStandbyWithoutAFailedRequest() {
		Instant started = Instant.now();
		List<String> settings = List.of("--monkeyfleet.monkey.doctor.enabled=false",
				"--monkeyfleet.monkey.gift.enabled=false", "--monkeyfleet.monkey.scale-in.enabled=false",
				"--monkeyfleet.monkey.migration.memory-threshold=70", "--monkeyfleet.monkey.migration.samples=3",
				"--monkeyfleet.monkey.migration.cooldown=1s", "--monkeyfleet.monkey.migration.target-timeout=90s",
				"--monkeyfleet.monkey.repair.drain-timeout=5s");
		try (JavaProcess monkey = fleet.monkey("migrator", false, settings)) {
			await("both nodes ACTIVE").atMost(Duration.ofMinutes(2))
				.until(() -> state("node-1") == NodeState.ACTIVE && state("node-2") == NodeState.ACTIVE);
			GatewayLoad load = new GatewayLoad(gateway, 20);
			await("the gateway serves").atMost(Duration.ofSeconds(30)).until(() -> load.nodesServing(1).size() == 2);
			fleet.fillMemory("node-1", 95);

			StoredEvent failed = await("the failed migration's alert").atMost(Duration.ofMinutes(2))
				.until(() -> workflowStep(started, "migration abandoned"), Optional::isPresent)
				.get();
			logger.info("Failed migration: {}", failed.event().reason());
			assertThat(failed.event().nodeId()).isEqualTo("node-1");
			assertThat(state("node-1")).as("no switch: traffic stays on node-1").isEqualTo(NodeState.ACTIVE);
			assertThat(store.store().pool("web").orElseThrow().standbyHosts()).containsExactly("standby-bad");

			Instant switchStarted = Instant.now();
			store.store().savePool(new Pool("web", 1, 4, List.of("standby-1")), "test");
			await("node-1's service moved to standby-1").atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> state("standby-1") == NodeState.ACTIVE && state("node-1") != NodeState.ACTIVE);
			await("the migration done").atMost(Duration.ofMinutes(2))
				.until(() -> workflowStep(switchStarted, "migration done").isPresent());
			await("standby-1 serves through the gateway").atMost(Duration.ofSeconds(30))
				.until(() -> load.answeredBy("standby-1") >= 5);
			logger.info("Migration done {} s after the switch was possible",
					Duration.between(switchStarted, Instant.now()).toSeconds());
			assertThat(store.store().pool("web").orElseThrow().standbyHosts()).containsExactly("node-1");
			assertThat(state("node-1")).as("back as a standby's node, never admitted").isIn(null, NodeState.JOINING);
			load.close();
			assertThat(load.failures()).as("failed requests through the gateway, of " + load.sent()).isEmpty();
			assertThat(monkey.isAlive()).isTrue();
		}
	}

	private static NodeState state(String node) {
		return store.store().status(node).map(NodeStatus::state).orElse(null);
	}

	private static Optional<StoredEvent> workflowStep(Instant since, String prefix) {
		return store.store()
			.eventsSince(since, 10_000)
			.stream()
			.filter((stored) -> stored.event().type() == EventType.WORKFLOW_STEP)
			.filter((stored) -> stored.event().reason().startsWith(prefix))
			.findFirst();
	}

}

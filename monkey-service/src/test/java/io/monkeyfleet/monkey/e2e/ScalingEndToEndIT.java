package io.monkeyfleet.monkey.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

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
 * The gift monkey and scale-in end to end, with the {@code provisioner} cloud provider: a
 * real provisioner whose local driver launches a new node (sample app and agent) from a
 * launch template, a real gateway, an armed monkey-service, all real processes on a real
 * Redis. One node burns a core: the pool's average crosses the threshold, exactly one
 * node is launched, joins and serves through the gateway, and the load it takes brings
 * the average below the threshold (no second launch; the cooldown would refuse one
 * anyway). When the burn stops, the launched node is drained and terminated after the
 * stabilization window, and the pool never drops below its minimum.
 *
 * <p>
 * Extended (runs with {@code -Pextended}): the {@code gift} scenario of local-stack's
 * {@code ScenariosIT} proves the same through the whole local stack in the default suite.
 */
@Tag("extended")
class ScalingEndToEndIT {

	private static final Logger logger = LoggerFactory.getLogger(ScalingEndToEndIT.class);

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	@TempDir
	static Path state;

	private static LocalFleet fleet;

	private static StandaloneFleetStore store;

	private static int gateway;

	@BeforeAll
	static void startTheFleet() {
		store = StandaloneFleetStore.connect(redis.host(), redis.port());
		store.store().savePool(new Pool("web", 2, 4, List.of()), "test");
		store.store().saveRoute(new Route("web", List.of(RoutePredicate.path("/**")), List.of(), "web", 0), "test");
		fleet = new LocalFleet(redis, state, List.of("node-1", "node-2")).withLaunchTemplate().start();
		gateway = fleet.gateway();
	}

	@AfterAll
	static void stopTheFleet() {
		fleet.close();
		store.close();
	}

	@Test
	void aHotPoolGetsExactlyOneNodeThatServesAndLosesItAgainWhenCold() {
		Instant started = Instant.now();
		List<String> settings = List.of("--monkeyfleet.monkey.doctor.enabled=false",
				"--monkeyfleet.monkey.gift.cpu-threshold=40", "--monkeyfleet.monkey.gift.samples=3",
				"--monkeyfleet.monkey.gift.warm-up=3s", "--monkeyfleet.monkey.gift.cooldown=120s",
				"--monkeyfleet.monkey.gift.join-timeout=120s", "--monkeyfleet.monkey.scale-in.cpu-threshold=15",
				"--monkeyfleet.monkey.scale-in.window=8s", "--monkeyfleet.monkey.repair.drain-timeout=5s");
		AtomicInteger lowestActive = new AtomicInteger(Integer.MAX_VALUE);
		try (JavaProcess monkey = fleet.monkey("scaler", false, settings)) {
			await("both nodes ACTIVE").atMost(Duration.ofMinutes(2))
				.until(() -> active().containsAll(Set.of("node-1", "node-2")));
			GatewayLoad load = new GatewayLoad(gateway, 20);
			await("the gateway serves").atMost(Duration.ofSeconds(30)).until(() -> load.nodesServing(1).size() == 2);
			fleet.burnCpu("node-1", Duration.ofMinutes(10));
			String launched = await("one node launched and ACTIVE").atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					lowestActive.accumulateAndGet(active().size(), Math::min);
					return active().stream().filter((id) -> !id.startsWith("node-")).findFirst().orElse(null);
				}, (id) -> id != null);
			Duration toServe = Duration.between(started, Instant.now());
			await("the new node serves through the gateway").atMost(Duration.ofSeconds(30))
				.until(() -> load.answeredBy(launched) >= 5);
			logger.info("Launched {} ACTIVE and serving {} s after the burn started", launched, toServe.toSeconds());
			// Steady load: the three nodes average below the threshold, so nothing more.
			await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(12)).until(() -> {
				lowestActive.accumulateAndGet(active().size(), Math::min);
				return store.store().nodes().size() == 3;
			});
			fleet.calm("node-1");
			await("the launched node scaled in").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					lowestActive.accumulateAndGet(active().size(), Math::min);
					return store.store().node(launched).isEmpty();
				});
			await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(7)).until(() -> {
				lowestActive.accumulateAndGet(active().size(), Math::min);
				return active().equals(Set.of("node-1", "node-2"));
			});
			assertThat(events(started, EventType.NODE_REMOVED)).singleElement()
				.satisfies((event) -> assertThat(event.event().nodeId()).isEqualTo(launched));
			assertThat(launchWorkflowsStarted(started)).as("exactly one launch").isEqualTo(1);
			assertThat(lowestActive.get()).as("the pool never went below its minimum of 2").isGreaterThanOrEqualTo(2);
			load.close();
			assertThat(load.failures()).as("failed requests through the gateway").isEmpty();
			logger.info("Scale-out and scale-in done in {} s; {} requests sent through the gateway, none failed",
					Duration.between(started, Instant.now()).toSeconds(), load.sent());
		}
		catch (AssertionError | RuntimeException ex) {
			throw new AssertionError(ex.getMessage() + "\nEvents since the start:" + EventLog.since(store, started),
					ex);
		}
		finally {
			fleet.calm("node-1");
		}
	}

	private static Set<String> active() {
		Set<String> active = new java.util.TreeSet<>();
		for (var node : store.store().nodes()) {
			store.store()
				.status(node.id())
				.map(NodeStatus::state)
				.filter((state) -> state == NodeState.ACTIVE)
				.ifPresent((state) -> active.add(node.id()));
		}
		return active;
	}

	private static long launchWorkflowsStarted(Instant since) {
		return store.store()
			.eventsSince(since, 10_000)
			.stream()
			.filter((stored) -> stored.event().type() == EventType.WORKFLOW_STEP)
			.filter((stored) -> stored.event().reason().startsWith("launching host"))
			.count();
	}

	private static List<StoredEvent> events(Instant since, EventType type) {
		List<StoredEvent> events = new ArrayList<>();
		store.store().eventsSince(since, 10_000).forEach((stored) -> {
			if (stored.event().type() == type) {
				events.add(stored);
			}
		});
		return events;
	}

}

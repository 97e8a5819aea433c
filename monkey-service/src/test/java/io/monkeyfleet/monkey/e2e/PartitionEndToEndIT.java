package io.monkeyfleet.monkey.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RoutePredicate;
import io.monkeyfleet.store.StandaloneFleetStore;
import io.monkeyfleet.store.StoredEvent;
import io.monkeyfleet.testsupport.faults.ReliabilityReport;
import io.monkeyfleet.testsupport.faults.TcpProxy;
import io.monkeyfleet.testsupport.process.JavaProcess;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 10 of 10, item 9: one node partitioned from the gateway only (a TCP proxy between
 * them cuts every connection) while its agent, beside it, still reports it healthy. The
 * gateway ejects it at once (passive ejection on connection failures) and its requests go
 * to the other node. A cut shorter than the doctor's threshold of gateway evidence
 * (ejected for {@value #EJECTED_TICKS} ticks of 500 ms) reboots nothing: the node serves
 * again once the path heals. A cut that persists past it gets the node drained and
 * rebooted, exactly once. Real processes: provisioner, nodes (app and agent), gateway,
 * monkey-service, on a real Redis.
 */
class PartitionEndToEndIT {

	private static final int EJECTED_TICKS = 16;

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
		store.store().savePool(new Pool("web", 1, 4, List.of()), "test");
		store.store().saveRoute(new Route("web", List.of(RoutePredicate.path("/**")), List.of(), "web", 0), "test");
		fleet = new LocalFleet(redis, state, List.of("node-1", "node-2")).withGatewayProxy("node-1").start();
		// Short ejections, reported twice a second, so a healed path serves again soon.
		gateway = fleet.gateway(List.of("--monkeyfleet.gateway.outlier.base-ejection-time=2s",
				"--monkeyfleet.gateway.outlier.max-ejection-time=4s",
				"--monkeyfleet.gateway.traffic.report-interval=500ms"));
	}

	@AfterAll
	static void stopTheFleet() {
		fleet.close();
		store.close();
	}

	@Test
	void aNodeCutOffFromTheGatewayIsEjectedAtOnceAndRebootedOnlyWhenTheCutPersists() {
		List<String> settings = List.of("--monkeyfleet.monkey.doctor.defaults.ejected-ticks=" + EJECTED_TICKS,
				"--monkeyfleet.monkey.repair.drain-timeout=3s", "--monkeyfleet.monkey.breaker.max-unhealthy-share=0.6",
				"--monkeyfleet.monkey.gift.enabled=false", "--monkeyfleet.monkey.scale-in.enabled=false",
				"--monkeyfleet.monkey.migration.enabled=false");
		TcpProxy proxy = fleet.gatewayProxy("node-1");
		try (JavaProcess monkey = fleet.monkey("partition", false, settings)) {
			await("both nodes ACTIVE").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> state("node-1") == NodeState.ACTIVE && state("node-2") == NodeState.ACTIVE);
			// The load starts once the gateway routes to both: its count of failures is
			// about the partition, not about the fleet coming up.
			java.util.Set<String> answered = new java.util.HashSet<>();
			await("the gateway routes to both nodes").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> {
					io.monkeyfleet.testsupport.http.Http.Response probe = io.monkeyfleet.testsupport.http.Http
						.get("http://127.0.0.1:" + gateway + "/");
					java.util.regex.Matcher node = java.util.regex.Pattern.compile("\"node\":\"([^\"]+)\"")
						.matcher(probe.body());
					if (probe.status() == 200 && node.find()) {
						answered.add(node.group(1));
					}
					return answered.size() == 2;
				});
			partition(proxy);
		}
		finally {
			proxy.pass();
		}
	}

	private void partition(TcpProxy proxy) {
		try (GatewayLoad load = new GatewayLoad(gateway, 20)) {
			await("both nodes serve").atMost(Duration.ofSeconds(30)).until(() -> load.nodesServing(5).size() == 2);

			// A short cut: ejected at once, not rebooted, back in rotation once healed.
			Instant cut = Instant.now();
			proxy.cut();
			Duration outOfRotation = awaitNoMoreAnswers(load, "node-1", cut);
			await("no repair while the gateway evidence is under its threshold").during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(4))
				.until(() -> state("node-1") == NodeState.ACTIVE);
			proxy.pass();
			Instant healed = Instant.now();
			long before = load.answeredBy("node-1");
			await("node-1 serves again after the short cut").atMost(Duration.ofSeconds(30))
				.until(() -> load.answeredBy("node-1") > before + 5);
			Duration backInRotation = Duration.between(healed, Instant.now());
			assertThat(transitions("node-1", cut)).as("the short cut").isEmpty();
			assertThat(fleet.rebootJobs("node-1")).as("reboots after the short cut").isEmpty();

			// A cut that persists: the doctor acts on the gateway's evidence.
			Instant persistent = Instant.now();
			proxy.cut();
			FleetEvent drained = await("node-1 drained on the gateway's evidence").atMost(Duration.ofMinutes(1))
				.until(() -> transition("node-1", NodeState.DRAINING, persistent), Optional::isPresent)
				.get();
			assertThat(drained.reason()).contains("ejected by the gateways");
			await("node-1 rebooting").atMost(Duration.ofMinutes(1))
				.until(() -> transition("node-1", NodeState.REBOOTING, persistent).isPresent());
			// The reboot "fixed" it: the path heals.
			proxy.pass();
			await("node-1 back ACTIVE").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> transition("node-1", NodeState.ACTIVE, persistent).isPresent());
			long after = load.answeredBy("node-1");
			await("node-1 serves again after its repair").atMost(Duration.ofSeconds(30))
				.until(() -> load.answeredBy("node-1") > after + 5);
			assertThat(transitions("node-1", persistent)).containsExactly(NodeState.DRAINING, NodeState.REBOOTING,
					NodeState.RECOVERING, NodeState.ACTIVE);
			assertThat(fleet.rebootJobs("node-1")).as("exactly one reboot").hasSize(1);
			Duration detection = Duration.between(persistent, drained.time());
			// Not much later either: the gaps between the gateway's ejections (each ends
			// with a probe request that fails again) must not restart the count.
			assertThat(detection).as("acted only after the evidence persisted, and soon after")
				.isBetween(Duration.ofMillis(EJECTED_TICKS * 500L - 1000),
						Duration.ofMillis(EJECTED_TICKS * 500L + 6000));
			load.close();
			assertThat(load.failures())
				.as("failed requests through the gateway; node-1's moves %s; the gateway said:%n%s",
						changes("node-1", cut), fleet.gatewayOutputTail(60))
				.isEmpty();
			assertThat(outOfRotation).as("passive ejection").isLessThanOrEqualTo(Duration.ofSeconds(2));
			ReliabilityReport.record(9,
					"node-1 cut off from the gateway only (TCP proxy), 20 req/s; a 3 s cut, then a lasting one",
					"out of rotation after the cut", outOfRotation.toMillis() + " ms",
					"serving again after the short cut healed", backInRotation.toMillis() + " ms",
					"reboots for the short cut", "0", "lasting cut to drain", detection.toMillis() + " ms",
					"reboots for the lasting cut", "1", "requests sent / failed",
					load.sent() + " / " + load.failures().size());
		}
	}

	/**
	 * Waits until {@code node} has answered nothing for a second and returns how long
	 * after {@code since} its last answer came.
	 */
	private static Duration awaitNoMoreAnswers(GatewayLoad load, String node, Instant since) {
		AtomicLong count = new AtomicLong(load.answeredBy(node));
		AtomicReference<Instant> last = new AtomicReference<>(since);
		await(node + " out of rotation").atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				long now = load.answeredBy(node);
				if (now > count.getAndSet(now)) {
					last.set(Instant.now());
				}
				return Duration.between(last.get(), Instant.now()).toMillis() >= 1000;
			});
		return Duration.between(since, last.get());
	}

	private static List<NodeState> transitions(String node, Instant since) {
		return changes(node, since).stream().map((event) -> NodeState.valueOf(event.evidence().get("to"))).toList();
	}

	private static Optional<FleetEvent> transition(String node, NodeState to, Instant since) {
		return changes(node, since).stream()
			.filter((event) -> to.name().equals(event.evidence().get("to")))
			.findFirst();
	}

	private static List<FleetEvent> changes(String node, Instant since) {
		return store.store()
			.eventsSince(since, 10_000)
			.stream()
			.map(StoredEvent::event)
			.filter((event) -> event.type() == EventType.NODE_STATE_CHANGED && node.equals(event.nodeId()))
			.toList();
	}

	private static NodeState state(String node) {
		return store.store().status(node).map(NodeStatus::state).orElse(null);
	}

}

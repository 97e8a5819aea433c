package io.monkeyfleet.gateway.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.monkeyfleet.gateway.outlier.OutlierDetector;
import io.monkeyfleet.gateway.snapshot.SnapshotHolder;
import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.GatewayReport;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeTraffic;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.store.StoredEvent;
import io.monkeyfleet.testsupport.faults.TcpProxy;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes leaving under load, the hard way (SIGKILL) and the planned way (drain): clients
 * see no failed request either way.
 */
class NodeFailureIT {

	private static final Logger logger = LoggerFactory.getLogger(NodeFailureIT.class);

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	@TempDir
	static Path folder;

	private static TestFleet fleet;

	private static GatewayInstance gateway;

	private static TestFleet.Backend victim;

	/** Between the gateway and repair-2: cut, the gateway ejects it. */
	private static TcpProxy repairPath;

	@BeforeAll
	static void start() throws Exception {
		fleet = new TestFleet(redis);
		for (String pool : List.of("kill", "drain")) {
			fleet.pool(pool);
			for (int i = 1; i <= 3; i++) {
				TestFleet.Backend backend = fleet.startBackend(pool + "-" + i, folder);
				fleet.addActiveNode(pool + "-" + i, pool, "127.0.0.1", backend.port(), 20);
				if (backend.name().equals("kill-2")) {
					victim = backend;
				}
			}
			fleet.route(pool, pool, "/" + pool + "/**", new RouteFilter("StripPrefix", Map.of("parts", "1")));
		}
		fleet.pool("repair");
		fleet.addActiveNode("repair-1", "repair", "127.0.0.1", fleet.startBackend("repair-1", folder).port(), 20);
		repairPath = TcpProxy.to("127.0.0.1", fleet.startBackend("repair-2", folder).port());
		fleet.addActiveNode("repair-2", "repair", "127.0.0.1", repairPath.port(), 20);
		fleet.route("repair", "repair", "/repair/**", new RouteFilter("StripPrefix", Map.of("parts", "1")));
		gateway = GatewayInstance.start(redis, "gw-failure", folder.resolve("snapshot.json"), Map.of());
		SnapshotHolder holder = gateway.bean(SnapshotHolder.class);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> holder.routable("kill").size() == 3 && holder.routable("drain").size() == 3
					&& holder.routable("repair").size() == 2);
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		if (repairPath != null) {
			repairPath.close();
		}
		fleet.close();
	}

	@Test
	void aNodeKilledUnderGetLoadCostsNoFailedGetAndIsEjectedForAllToSee() throws Exception {
		Load load = Load.start(4, Duration.ofSeconds(8), Duration.ofMillis(5),
				(thread) -> gateway.url("/kill/work?ms=20"));
		await().atMost(Duration.ofSeconds(20)).until(() -> load.count() >= 100);
		int atKill = load.count();

		victim.process().kill();
		await().atMost(Duration.ofSeconds(30)).until(() -> load.count() >= atKill + 300);
		List<Load.Sample> samples = load.await();

		assertThat(Load.failures(samples)).isEmpty();
		assertThat(Load.byNode(samples.subList(samples.size() - 100, samples.size()))).containsOnlyKeys("kill-1",
				"kill-3");
		double retries = gateway.bean(MeterRegistry.class)
			.counter("monkeyfleet.gateway.retries", "pool", "kill", "reason", "connect")
			.count()
				+ gateway.bean(MeterRegistry.class)
					.counter("monkeyfleet.gateway.retries", "pool", "kill", "reason", "closed")
					.count();
		logger.info("Killed kill-2 under load: {} requests, none failed, {} retried on another node", samples.size(),
				(long) retries);
		await("the ejection in the gateway's report").atMost(Duration.ofSeconds(10))
			.until(() -> traffic("kill-2") != null && traffic("kill-2").ejectedUntil() != null);
		assertThat(fleet.store().latestEvents(50)).map(StoredEvent::event).anySatisfy((event) -> {
			assertThat(event.type()).isEqualTo(EventType.NODE_EJECTED);
			assertThat(event.nodeId()).isEqualTo("kill-2");
			assertThat(event.actor()).isEqualTo("gateway:gw-failure");
		});
	}

	@Test
	void aNodeDrainedUnderLoadFinishesItsRequestsGetsNoNewOnesAndIsReportedDrained() throws Exception {
		SnapshotHolder holder = gateway.bean(SnapshotHolder.class);
		Load load = Load.start(4, Duration.ofSeconds(6), Duration.ZERO, (thread) -> gateway.url("/drain/work?ms=50"));
		await().atMost(Duration.ofSeconds(20)).until(() -> load.count() >= 40);

		fleet.transition("drain-2", NodeState.DRAINING);
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(1))
			.until(() -> holder.routable("drain").stream().noneMatch((node) -> node.nodeId().equals("drain-2")));
		long applied = System.nanoTime();
		List<Load.Sample> samples = load.await();

		assertThat(Load.failures(samples)).isEmpty();
		List<Load.Sample> sentAfterDrain = samples.stream().filter((sample) -> sample.sentNanos() > applied).toList();
		assertThat(sentAfterDrain).hasSizeGreaterThan(50);
		assertThat(Load.byNode(sentAfterDrain)).doesNotContainKey("drain-2");
		assertThat(Load.byNode(samples)).containsKey("drain-2");
		await("drain-2 reported with nothing in flight").atMost(Duration.ofSeconds(10)).until(() -> {
			NodeTraffic traffic = traffic("drain-2");
			return traffic != null && traffic.requests() > 0 && traffic.inFlight() == 0;
		});
		assertThat(gateway.bean(MeterRegistry.class).find("monkeyfleet.gateway.retries").tag("pool", "drain").counter())
			.isNull();
	}

	/**
	 * A gateway's ejection may outlast the node's repair; kept, it would keep the
	 * repaired node out of rotation and tell monkey-service it is still sick (which once
	 * got a node repaired twice). Leaving rotation wipes the gateway's record of it.
	 */
	@Test
	void aNodeEjectedThenRepairedGetsRequestsAsSoonAsItIsAdmittedAgain() throws Exception {
		OutlierDetector outliers = gateway.bean(OutlierDetector.class);
		repairPath.cut();
		Load cut = Load.start(2, Duration.ofSeconds(2), Duration.ofMillis(20),
				(thread) -> gateway.url("/repair/work?ms=1"));
		await("repair-2 ejected").atMost(Duration.ofSeconds(10)).until(() -> outliers.isEjected("repair-2"));
		Instant ejectedUntil = outliers.ejectedUntil("repair-2").orElseThrow();
		assertThat(Load.failures(cut.await())).isEmpty();
		repairPath.pass();

		fleet.transition("repair-2", NodeState.DRAINING);
		await("the ejection forgotten as repair-2 leaves rotation").atMost(Duration.ofSeconds(5))
			.until(() -> !outliers.isEjected("repair-2"));
		fleet.transition("repair-2", NodeState.REBOOTING);
		fleet.transition("repair-2", NodeState.RECOVERING);
		fleet.transition("repair-2", NodeState.ACTIVE);
		Load after = Load.start(2, Duration.ofSeconds(2), Duration.ofMillis(20),
				(thread) -> gateway.url("/repair/work?ms=1"));
		List<Load.Sample> samples = after.await();

		assertThat(Load.failures(samples)).isEmpty();
		assertThat(Instant.now()).as("the old ejection would still be in force").isBefore(ejectedUntil);
		assertThat(Load.byNode(samples)).containsKeys("repair-1", "repair-2");
		await("repair-2 reported without an ejection").atMost(Duration.ofSeconds(5)).until(() -> {
			NodeTraffic traffic = traffic("repair-2");
			return traffic != null && traffic.ejectedUntil() == null;
		});
	}

	private static NodeTraffic traffic(String nodeId) {
		return fleet.store()
			.gatewayReports()
			.stream()
			.filter((report) -> report.gatewayId().equals("gw-failure"))
			.map(GatewayReport::nodes)
			.map((nodes) -> nodes.get(nodeId))
			.findFirst()
			.orElse(null);
	}

}

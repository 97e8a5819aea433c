package io.monkeyfleet.gateway.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import io.monkeyfleet.gateway.snapshot.SnapshotHolder;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.testsupport.http.Http;
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
 * Every change in Redis reaches every gateway replica through pub/sub: two real gateways,
 * each with its own subscription, measured from the write to the moment each one acts on
 * it.
 */
class FleetChangePropagationIT {

	private static final Logger logger = LoggerFactory.getLogger(FleetChangePropagationIT.class);

	/**
	 * The target is 100 ms; the assertion allows for a loaded 2-core machine, the log
	 * line shows the real figures.
	 */
	private static final Duration GENEROUS_BOUND = Duration.ofSeconds(1);

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	@TempDir
	static Path folder;

	private static TestFleet fleet;

	private static TestFleet.Backend backend;

	private static List<GatewayInstance> gateways;

	/** One watcher per gateway, so that neither waits for the other's answer. */
	private static final ExecutorService watchers = Executors.newFixedThreadPool(2);

	@BeforeAll
	static void startFleetAndTwoGateways() throws Exception {
		fleet = new TestFleet(redis);
		backend = fleet.startBackend("backend-1", folder);
		fleet.pool("web");
		fleet.addActiveNode("web-1", "web", "127.0.0.1", backend.port(), 20);
		fleet.route("web", "web", "/web/**", new RouteFilter("StripPrefix", Map.of("parts", "1")));
		gateways = List.of(GatewayInstance.start(redis, "gw-a", folder.resolve("a.json"), Map.of()),
				GatewayInstance.start(redis, "gw-b", folder.resolve("b.json"), Map.of()));
		for (GatewayInstance gateway : gateways) {
			await().atMost(Duration.ofSeconds(20)).until(() -> Http.get(gateway.url("/web/")).status() == 200);
		}
	}

	@AfterAll
	static void stop() {
		if (gateways != null) {
			gateways.forEach(GatewayInstance::close);
		}
		fleet.close();
		watchers.shutdownNow();
	}

	@Test
	void routesAndNodesAddedOrRemovedInRedisTakeEffectInBothGatewaysQuickly() {
		List<Duration> all = new ArrayList<>();

		all.addAll(measure("route added",
				() -> fleet.route("api", "web", "/api/**", new RouteFilter("StripPrefix", Map.of("parts", "1"))),
				(gateway) -> () -> status(gateway, "/api/") == 200));

		fleet.store()
			.register(io.monkeyfleet.model.Node.of("web-2", "web",
					new io.monkeyfleet.model.NodeAddress("127.0.0.1", backend.port())));
		fleet.heartbeat("web-2", 20);
		all.addAll(measure("node became ACTIVE", () -> fleet.transition("web-2", NodeState.ACTIVE),
				(gateway) -> () -> routable(gateway, "web-2")));

		all.addAll(measure("node left ACTIVE", () -> fleet.transition("web-2", NodeState.DRAINING),
				(gateway) -> () -> !routable(gateway, "web-2")));

		all.addAll(measure("node removed", () -> fleet.store().removeNode("web-2", "test removes it", "monkey:test"),
				(gateway) -> () -> !known(gateway, "web-2")));

		all.addAll(measure("route deleted", () -> fleet.store().deleteRoute("api", "operator:test"),
				(gateway) -> () -> status(gateway, "/api/") == 404));

		List<Long> millis = all.stream().map(Duration::toMillis).sorted().toList();
		logger.info("Change propagation to 2 gateways, {} measurements: median {} ms, max {} ms (target 100 ms)",
				millis.size(), millis.get(millis.size() / 2), millis.get(millis.size() - 1));
		assertThat(all).allSatisfy((lag) -> assertThat(lag).isLessThan(GENEROUS_BOUND));
	}

	private static List<Duration> measure(String what, Runnable change,
			java.util.function.Function<GatewayInstance, BooleanSupplier> effect) {
		long start = System.nanoTime();
		List<CompletableFuture<Duration>> waits = new ArrayList<>();
		change.run();
		for (GatewayInstance gateway : gateways) {
			BooleanSupplier seen = effect.apply(gateway);
			waits.add(CompletableFuture.supplyAsync(() -> {
				long[] at = new long[1];
				await(what).atMost(Duration.ofSeconds(10))
					.pollDelay(Duration.ZERO)
					.pollInterval(Duration.ofMillis(1))
					.until(() -> {
						if (seen.getAsBoolean()) {
							at[0] = System.nanoTime();
							return true;
						}
						return false;
					});
				return Duration.ofNanos(at[0] - start);
			}, watchers));
		}
		List<Duration> lags = waits.stream().map(CompletableFuture::join).toList();
		logger.info("{}: took effect in gw-a after {} ms, in gw-b after {} ms", what, lags.get(0).toMillis(),
				lags.get(1).toMillis());
		return lags;
	}

	private static int status(GatewayInstance gateway, String path) {
		return Http.get(gateway.url(path)).status();
	}

	private static boolean routable(GatewayInstance gateway, String nodeId) {
		return gateway.bean(SnapshotHolder.class)
			.routable("web")
			.stream()
			.anyMatch((node) -> node.nodeId().equals(nodeId));
	}

	private static boolean known(GatewayInstance gateway, String nodeId) {
		return gateway.bean(SnapshotHolder.class)
			.current()
			.map((view) -> view.poolOfNode().containsKey(nodeId))
			.orElse(false);
	}

}

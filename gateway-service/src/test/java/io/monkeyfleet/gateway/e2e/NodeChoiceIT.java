package io.monkeyfleet.gateway.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.monkeyfleet.gateway.snapshot.SnapshotHolder;
import io.monkeyfleet.model.RouteFilter;
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
 * How the strategies spread real traffic over real nodes. Pools {@code ll} (least-loaded)
 * and {@code rr} (round robin) are the same three backends, the third one slow: one
 * request thread (it queues) and a 95 % CPU reading from its "agent". Pool {@code eq} is
 * three equal backends.
 */
class NodeChoiceIT {

	private static final Logger logger = LoggerFactory.getLogger(NodeChoiceIT.class);

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	@TempDir
	static Path folder;

	private static TestFleet fleet;

	private static GatewayInstance gateway;

	@BeforeAll
	static void start() throws Exception {
		fleet = new TestFleet(redis);
		TestFleet.Backend fast1 = fleet.startBackend("fast-1", folder);
		TestFleet.Backend fast2 = fleet.startBackend("fast-2", folder);
		TestFleet.Backend slow = fleet.startBackend("slow", folder, "--threads=1");
		TestFleet.Backend fast3 = fleet.startBackend("fast-3", folder);
		for (String pool : List.of("ll", "rr")) {
			fleet.pool(pool);
			fleet.addActiveNode(pool + "-1", pool, "127.0.0.1", fast1.port(), 15);
			fleet.addActiveNode(pool + "-2", pool, "127.0.0.1", fast2.port(), 15);
			fleet.addActiveNode(pool + "-3", pool, "127.0.0.1", slow.port(), 95);
		}
		fleet.pool("eq");
		fleet.addActiveNode("eq-1", "eq", "127.0.0.1", fast1.port(), 20);
		fleet.addActiveNode("eq-2", "eq", "127.0.0.1", fast2.port(), 20);
		fleet.addActiveNode("eq-3", "eq", "127.0.0.1", fast3.port(), 20);
		for (String pool : List.of("ll", "rr", "eq")) {
			fleet.route(pool, pool, "/" + pool + "/**", new RouteFilter("StripPrefix", Map.of("parts", "1")));
		}
		gateway = GatewayInstance.start(redis, "gw-choice", folder.resolve("snapshot.json"),
				Map.of("monkeyfleet.gateway.balancing.strategies.rr", "round-robin",
						"monkeyfleet.gateway.balancing.random-seed", 42));
		SnapshotHolder holder = gateway.bean(SnapshotHolder.class);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> holder.routable("ll").size() == 3 && holder.routable("rr").size() == 3
					&& holder.routable("eq").size() == 3);
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		fleet.close();
	}

	@Test
	void leastLoadedSendsTheSlowNodeClearlyLessTrafficThanRoundRobin() throws Exception {
		Result roundRobin = run("rr");
		Result leastLoaded = run("ll");

		logger.info(
				"Slow node's share: round robin {} %, least-loaded {} %; p95 latency: round robin {} ms, "
						+ "least-loaded {} ms",
				percent(roundRobin.slowShare()), percent(leastLoaded.slowShare()), roundRobin.p95Millis(),
				leastLoaded.p95Millis());
		assertThat(roundRobin.slowShare()).isBetween(0.25, 0.42);
		assertThat(leastLoaded.slowShare()).isLessThan(roundRobin.slowShare() / 2);
		assertThat(leastLoaded.p95Millis()).isLessThan(roundRobin.p95Millis());
	}

	@Test
	void withEqualNodesNoNodeGetsMoreThanOneAndAHalfTimesItsFairShareInAnySecond() throws Exception {
		// The steady state is judged: a backend's first requests (class loading, JIT) are
		// really slower, and rightly get less.
		Load.start(2, Duration.ofSeconds(2), Duration.ofMillis(2), (thread) -> gateway.url("/eq/work?ms=5")).await();
		Load load = Load.start(4, Duration.ofSeconds(6), Duration.ofMillis(4),
				(thread) -> gateway.url("/eq/work?ms=5"));
		List<Load.Sample> samples = load.await();
		assertThat(Load.failures(samples)).isEmpty();

		long start = samples.stream().mapToLong(Load.Sample::answeredNanos).min().orElseThrow();
		Map<Long, List<Load.Sample>> windows = samples.stream()
			.collect(Collectors.groupingBy((sample) -> (sample.answeredNanos() - start) / 1_000_000_000L, TreeMap::new,
					Collectors.toList()));
		int judged = 0;
		double worst = 0;
		for (Map.Entry<Long, List<Load.Sample>> window : windows.entrySet()) {
			List<Load.Sample> inWindow = window.getValue();
			if (inWindow.size() < 60) {
				// The last, cut-short second says nothing about shares.
				continue;
			}
			judged++;
			Map<String, Long> byNode = Load.byNode(inWindow);
			double maxShare = byNode.values().stream().mapToLong(Long::longValue).max().orElse(0)
					/ (double) inWindow.size();
			worst = Math.max(worst, maxShare);
			logger.info("Second {}: {} requests, by node {}", window.getKey(), inWindow.size(), byNode);
			assertThat(maxShare).as("largest share in second %d: %s", window.getKey(), byNode)
				.isLessThanOrEqualTo(1.5 / 3);
		}
		logger.info("Equal nodes: {} one-second windows judged, largest share of any node {} % (limit 50 %)", judged,
				Math.round(worst * 1000) / 10.0);
		assertThat(judged).isGreaterThanOrEqualTo(3);
	}

	/**
	 * One pool's run: the slow backend's share of the requests and the 95th percentile
	 * latency.
	 */
	private record Result(double slowShare, long p95Millis) {
	}

	private static Result run(String pool) throws InterruptedException {
		warmUp(pool);
		Load load = Load.start(8, Duration.ofSeconds(4), Duration.ZERO,
				(thread) -> gateway.url("/" + pool + "/work?ms=20"));
		List<Load.Sample> samples = load.await();
		assertThat(Load.failures(samples)).isEmpty();
		Map<String, Long> byNode = Load.byNode(samples);
		List<Long> latencies = samples.stream()
			.map((sample) -> (sample.answeredNanos() - sample.sentNanos()) / 1_000_000)
			.sorted()
			.toList();
		long p95 = latencies.get((int) (latencies.size() * 0.95));
		logger.info("Pool {}: {} requests by backend {}, p95 {} ms", pool, samples.size(), byNode, p95);
		return new Result(byNode.getOrDefault("slow", 0L) / (double) samples.size(), p95);
	}

	/**
	 * A gateway that has been running knows its nodes' latencies; a second of light load
	 * gets it there (and warms the backends' JIT).
	 */
	private static void warmUp(String pool) throws InterruptedException {
		Load.start(2, Duration.ofSeconds(1), Duration.ofMillis(5), (thread) -> gateway.url("/" + pool + "/work?ms=1"))
			.await();
	}

	private static double percent(double share) {
		return Math.round(share * 1000) / 10.0;
	}

}

package io.monkeyfleet.gateway.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.monkeyfleet.gateway.snapshot.SnapshotHolder;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.testsupport.faults.ReliabilityReport;
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
 * Redis is a dependency of the gateway's view, not of its requests: killed under load,
 * brought back empty, or down when a gateway starts (item 3 of the fault suite: with a
 * snapshot file it serves; without one it is not ready and answers every request with a
 * 503 problem).
 */
class RedisOutageIT {

	private static final Logger logger = LoggerFactory.getLogger(RedisOutageIT.class);

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	@TempDir
	static Path folder;

	private static TestFleet fleet;

	@BeforeAll
	static void start() throws Exception {
		fleet = new TestFleet(redis);
		fleet.pool("web");
		for (int i = 1; i <= 2; i++) {
			TestFleet.Backend backend = fleet.startBackend("web-" + i, folder);
			fleet.addActiveNode("web-" + i, "web", "127.0.0.1", backend.port(), 20);
		}
		fleet.route("web", "web", "/web/**", new RouteFilter("StripPrefix", Map.of("parts", "1")));
	}

	@AfterAll
	static void stop() {
		fleet.close();
	}

	@Test
	void routesOnWhenRedisDiesAndComesBackEmptyThenAColdStartServesFromTheSnapshotFile() throws Exception {
		Path snapshotFile = folder.resolve("gateway.json");
		try (GatewayInstance gateway = GatewayInstance.start(redis, "gw-outage", snapshotFile, Map.of())) {
			SnapshotHolder holder = gateway.bean(SnapshotHolder.class);
			MeterRegistry meters = gateway.bean(MeterRegistry.class);
			// Ready: the view is there and the gateway has loaded its routes (until
			// then a request would find no route).
			await().atMost(Duration.ofSeconds(20))
				.until(() -> holder.routable("web").size() == 2
						&& Http.get(gateway.url("/actuator/health/readiness")).status() == 200);
			Load load = Load.start(3, Duration.ofSeconds(12), Duration.ofMillis(10),
					(thread) -> gateway.url("/web/work?ms=5"));
			await().atMost(Duration.ofSeconds(20)).until(() -> load.count() >= 50);

			redis.stop();
			await("the gateway to notice").atMost(Duration.ofSeconds(10))
				.until(() -> gauge(meters, "monkeyfleet.gateway.snapshot.redis.reachable") == 0);
			int down = load.count();
			await().atMost(Duration.ofSeconds(20)).until(() -> load.count() >= down + 100);

			redis.start();
			await("the gateway to read the empty Redis").atMost(Duration.ofSeconds(20))
				.until(() -> gauge(meters, "monkeyfleet.gateway.snapshot.redis.reachable") == 1
						&& meters.counter("monkeyfleet.gateway.snapshot.refused.updates").count() > 0);
			int back = load.count();
			await().atMost(Duration.ofSeconds(20)).until(() -> load.count() >= back + 100);
			List<Load.Sample> samples = load.await();

			assertThat(Load.failures(samples)).isEmpty();
			assertThat(Load.byNode(samples.subList(samples.size() - 60, samples.size()))).containsOnlyKeys("web-1",
					"web-2");
			assertThat(holder.current().orElseThrow().heldNodes()).isEqualTo(2);
			logger.info("Redis killed and restarted empty under load: {} requests, none failed", samples.size());
		}

		redis.stop();
		try (GatewayInstance coldStart = GatewayInstance.start(redis, "gw-cold", snapshotFile, Map.of());
				GatewayInstance noFile = GatewayInstance.start(redis, "gw-nofile", folder.resolve("none.json"),
						Map.of())) {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> Http.get(coldStart.url("/actuator/health/readiness")).status() == 200);
			List<Http.Response> answers = java.util.stream.IntStream.range(0, 20)
				.mapToObj((i) -> Http.get(coldStart.url("/web/")))
				.toList();
			assertThat(answers).allSatisfy((answer) -> assertThat(answer.status()).isEqualTo(200));
			assertThat(answers).extracting(Http.Response::body)
				.anySatisfy((body) -> assertThat(body).contains("web-1"))
				.anySatisfy((body) -> assertThat(body).contains("web-2"));

			Http.Response notReady = Http.get(noFile.url("/actuator/health/readiness"));
			assertThat(notReady.status()).isEqualTo(503);
			assertThat(notReady.body()).contains("OUT_OF_SERVICE");
			// Not ready, and it says so to every request: a 503 problem, never a node
			// (it knows none) and never a 404 (it does not know the routes yet).
			List<Http.Response> refused = java.util.stream.IntStream.range(0, 20)
				.mapToObj((i) -> Http.get(noFile.url((i % 2 == 0) ? "/web/" : "/web/work?ms=1")))
				.toList();
			assertThat(refused).allSatisfy((answer) -> {
				assertThat(answer.status()).isEqualTo(503);
				assertThat(answer.body()).contains("\"status\":503", "no view of the fleet")
					.doesNotContain("web-1", "web-2");
			});
			ReliabilityReport.record(3, "gateway cold start with Redis down", new java.util.TreeMap<>(Map.of(
					"with a snapshot file",
					answers.size() + " requests, " + answers.stream().filter((a) -> a.status() == 200).count()
							+ " answered 200 by web-1/web-2",
					"without one", "readiness " + notReady.status() + "; " + refused.size() + " requests, "
							+ refused.stream().filter((a) -> a.status() == 503).count() + " answered a 503 problem")));
		}
		finally {
			redis.start();
		}
	}

	private static double gauge(MeterRegistry meters, String name) {
		return meters.get(name).gauge().value();
	}

}

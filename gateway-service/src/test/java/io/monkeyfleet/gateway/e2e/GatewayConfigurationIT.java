package io.monkeyfleet.gateway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.monkeyfleet.model.Route;
import io.monkeyfleet.testsupport.http.Http;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Start-up: a seed file loads routes and pools; bad configuration stops with one line.
 */
@ExtendWith(OutputCaptureExtension.class)
class GatewayConfigurationIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	@TempDir
	Path folder;

	@Test
	void aSeedFileLoadsItsPoolsAndRoutesIntoRedisAndTheGatewayServesThem() throws Exception {
		Path seed = this.folder.resolve("seed.yml");
		try (TestFleet fleet = new TestFleet(redis)) {
			TestFleet.Backend backend = fleet.startBackend("seeded-1", this.folder);
			fleet.addActiveNode("seeded-1", "shop", "127.0.0.1", backend.port(), 10);
			Files.writeString(seed, """
					pools:
					  - name: shop
					    minSize: 1
					    maxSize: 4
					routes:
					  - id: shop
					    pool: shop
					    order: 0
					    predicates:
					      - kind: PATH
					        pattern: /shop/**
					    filters:
					      - name: StripPrefix
					        args: { parts: "1" }
					""");
			try (GatewayInstance gateway = GatewayInstance.start(redis, "gw-seed", this.folder.resolve("s.json"),
					Map.of("monkeyfleet.gateway.seed.file", seed.toString()))) {
				await().atMost(Duration.ofSeconds(20))
					.until(() -> Http.get(gateway.url("/shop/")).body().contains("seeded-1"));

				assertThat(fleet.store().routes()).extracting(Route::id).containsExactly("shop");
				assertThat(fleet.store().pool("shop"))
					.hasValueSatisfying((pool) -> assertThat(pool.maxSize()).isEqualTo(4));
			}
		}
	}

	@Test
	void badConfigurationStopsStartUpWithOneLineNamingIt(CapturedOutput output) {
		assertThatException().isThrownBy(() -> GatewayInstance.start(redis, "gw-bad", this.folder.resolve("b.json"),
				Map.of("monkeyfleet.gateway.ssrf.allowed-networks", "10.0.0.0/33")));

		assertThat(output.getAll()).containsPattern("Cannot start: .*10\\.0\\.0\\.0/33.*prefix length");
	}

	@Test
	void aBadSeedFileStopsStartUpWithOneLine(CapturedOutput output) throws Exception {
		Path seed = this.folder.resolve("bad-seed.yml");
		Files.writeString(seed, "routes:\n  - id: x\n    pool: web\n    order: 0\n    predicates: []\n");

		assertThatException().isThrownBy(() -> GatewayInstance.start(redis, "gw-bad-seed",
				this.folder.resolve("c.json"), Map.of("monkeyfleet.gateway.seed.file", seed.toString())));

		assertThat(output.getAll()).containsPattern("Cannot start: .*seed file .* needs at least one predicate");
	}

}

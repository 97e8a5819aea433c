package io.monkeyfleet.gateway.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.monkeyfleet.gateway.snapshot.SnapshotHolder;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.testsupport.http.Http;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Addresses the gateway must never send to: a node registered at the cloud metadata
 * address, a route whose filter points at a {@code file:} URI, loopback outside a local
 * stack. Nothing is ever sent there: the guard refuses them when the snapshot is built.
 */
@ExtendWith(OutputCaptureExtension.class)
class SsrfGuardIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	@TempDir
	static Path folder;

	private static TestFleet fleet;

	private static GatewayInstance gateway;

	@BeforeAll
	static void start() throws Exception {
		fleet = new TestFleet(redis);
		TestFleet.Backend backend = fleet.startBackend("web-1", folder);
		fleet.pool("web");
		fleet.addActiveNode("web-1", "web", "127.0.0.1", backend.port(), 20);
		// An agent (or whoever holds its credentials) registers a node at the metadata
		// address.
		fleet.addActiveNode("web-meta", "web", "169.254.169.254", 80, 1);
		fleet.pool("meta");
		fleet.addActiveNode("meta-1", "meta", "169.254.169.254", 80, 1);
		fleet.route("web", "web", "/web/**", new RouteFilter("StripPrefix", Map.of("parts", "1")));
		fleet.route("meta", "meta", "/meta/**");
		fleet.route("file", "web", "/file/**",
				new RouteFilter("AddRequestHeader", Map.of("name", "X-Target", "value", "file:///etc/passwd")));
		fleet.route("steal", "web", "/steal/**",
				new RouteFilter("SetRequestUri", Map.of("template", "file:///etc/passwd")));
		gateway = GatewayInstance.start(redis, "gw-ssrf", folder.resolve("snapshot.json"), Map.of());
		await().atMost(Duration.ofSeconds(20)).until(() -> Http.get(gateway.url("/web/")).status() == 200);
	}

	@AfterAll
	static void stop() {
		if (gateway != null) {
			gateway.close();
		}
		fleet.close();
	}

	@Test
	void aNodeAtTheMetadataAddressNeverReceivesTraffic(CapturedOutput output) {
		for (int i = 0; i < 40; i++) {
			Http.Response response = Http.get(gateway.url("/web/"));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.body()).isEqualTo("{\"node\":\"web-1\"}");
		}
		Http.Response onlyMetadata = Http.get(gateway.url("/meta/latest/meta-data/"));

		assertThat(onlyMetadata.status()).isEqualTo(503);
		assertThat(onlyMetadata.body()).contains("\"status\":503").contains("No node of pool 'meta'");
		assertThat(gateway.bean(SnapshotHolder.class).routable("web")).extracting((node) -> node.nodeId())
			.containsExactly("web-1");
		assertThat(Http.get(gateway.url("/actuator/prometheus")).body()).contains("node=\"web-1\"")
			.doesNotContain("node=\"web-meta\"")
			.doesNotContain("node=\"meta-1\"");
		assertThat(output.getAll()).contains("Refused node 'web-meta' of pool 'web' at 169.254.169.254:80")
			.contains("inside the denied network 169.254.0.0/16");
	}

	@Test
	void aRouteThatPointsAtAFileUriIsNeverServed(CapturedOutput output) {
		Http.Response steal = Http.get(gateway.url("/steal/anything"));
		Http.Response file = Http.get(gateway.url("/file/anything"));

		assertThat(steal.status()).isEqualTo(404);
		assertThat(steal.body()).contains("\"title\":\"Not Found\"").doesNotContain("root:");
		assertThat(file.status()).isEqualTo(404);
		assertThat(output.getAll()).contains("Refused route 'steal'").contains("Refused route 'file'");
	}

	@Test
	void loopbackIsRefusedUnlessTheLocalStackAllowsIt() {
		try (GatewayInstance strict = GatewayInstance.start(redis, "gw-strict", folder.resolve("strict.json"),
				Map.of("monkeyfleet.gateway.ssrf.allow-loopback", false))) {
			await().atMost(Duration.ofSeconds(20))
				.until(() -> strict.bean(SnapshotHolder.class)
					.current()
					.map((view) -> !view.routes().isEmpty())
					.orElse(false));

			Http.Response response = Http.get(strict.url("/web/"));

			assertThat(response.status()).isEqualTo(503);
			assertThat(response.body()).contains("No node of pool 'web'");
		}
	}

	@Test
	void aNodeThatLeavesActiveStopsGettingTrafficButTheGuardedOnesStayRefused() {
		// The guard is applied on every snapshot, not only the first.
		fleet.transition("meta-1", NodeState.DRAINING);
		fleet.transition("meta-1", NodeState.ACTIVE);

		await().atMost(Duration.ofSeconds(5))
			.until(() -> gateway.bean(SnapshotHolder.class).current().orElseThrow().generation() > 3);
		assertThat(gateway.bean(SnapshotHolder.class).routable("meta")).isEmpty();
	}

}

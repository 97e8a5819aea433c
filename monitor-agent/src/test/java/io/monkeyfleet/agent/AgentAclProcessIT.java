package io.monkeyfleet.agent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.store.StandaloneFleetStore;
import io.monkeyfleet.testsupport.process.JavaProcess;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.core.RedisCallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the documented per-agent Redis ACL in place, an agent process configured as node B
 * but holding node A's credentials cannot write node B's keys, while node A's own agent
 * works.
 */
class AgentAclProcessIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	private static StandaloneFleetStore admin;

	private static FleetStore store;

	@BeforeAll
	static void createAgentUserForNodeA() {
		admin = StandaloneFleetStore.connect(redis.host(), redis.port());
		store = admin.store();
		String rules = "reset on >a-secret " + new KeySchema("mf:").agentAclRules("node-a");
		List<byte[]> words = new ArrayList<>(List.of("SETUSER".getBytes(), "agent-a".getBytes()));
		for (String word : rules.split(" ")) {
			words.add(word.getBytes());
		}
		admin.redis()
			.execute((RedisCallback<Object>) (connection) -> connection.execute("ACL", words.toArray(byte[][]::new)));
	}

	@AfterAll
	static void close() {
		admin.close();
	}

	@Test
	void anAgentWithNodeACredentialsWritesNodeAButNeverNodeB() {
		try (JavaProcess nodeA = startAgent("node-a"); JavaProcess impostor = startAgent("node-b")) {
			nodeA.awaitOutput("Registered node node-a", Duration.ofSeconds(60));
			await().atMost(Duration.ofSeconds(10)).until(() -> store.sample("node-a").isPresent());
			impostor.awaitOutput("Heartbeat of node node-b failed", Duration.ofSeconds(60));
			assertThat(impostor.output()).contains("NOPERM");
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.until(() -> store.node("node-b").isEmpty() && store.sample("node-b").isEmpty()
						&& store.status("node-b").isEmpty());
			assertThat(impostor.isAlive()).as("a refused agent keeps running and retrying").isTrue();
		}
	}

	private static JavaProcess startAgent(String nodeId) {
		return JavaProcess.start("agent-" + nodeId, MonitorAgentApplication.class,
				List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"),
				List.of("--server.port=0", "--spring.data.redis.host=" + redis.host(),
						"--spring.data.redis.port=" + redis.port(), "--spring.data.redis.username=agent-a",
						"--spring.data.redis.password=a-secret", "--monkeyfleet.agent.node-id=" + nodeId,
						"--monkeyfleet.agent.pool=web", "--monkeyfleet.agent.address=127.0.0.1:9"),
				Map.of());
	}

}

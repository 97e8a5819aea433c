package io.monkeyfleet.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The agent ACL rule documented in docs/redis-schema.md really limits an agent to its own
 * node: the store's agent operations work under it, and the same operations on another
 * node are refused.
 */
class AgentAclIT {

	@RegisterExtension
	static final RealRedisExtension redisServer = new RealRedisExtension();

	private static final KeySchema keys = new KeySchema("mf:");

	private static StandaloneFleetStore adminConnection;

	private static StandaloneFleetStore agentConnection;

	private static FleetStore admin;

	private static FleetStore agentA;

	@BeforeAll
	static void createAgentUser() {
		adminConnection = StandaloneFleetStore.connect(redisServer.host(), redisServer.port());
		StringRedisTemplate adminRedis = adminConnection.redis();
		String rule = "reset on >agent-a-secret " + keys.agentAclRules("a");
		adminRedis.execute((RedisCallback<Object>) (connection) -> connection.execute("ACL",
				toBytes(("SETUSER agent-a " + rule).split(" "))));
		admin = adminConnection.store();
		RedisStandaloneConfiguration asAgentA = new RedisStandaloneConfiguration(redisServer.host(),
				redisServer.port());
		asAgentA.setUsername("agent-a");
		asAgentA.setPassword("agent-a-secret");
		agentConnection = new StandaloneFleetStore(asAgentA, keys, Clock.systemUTC(), FleetStoreSettings.DEFAULTS);
		agentA = agentConnection.store();
	}

	@AfterAll
	static void close() {
		agentConnection.close();
		adminConnection.close();
	}

	@Test
	void anAgentAnnouncesAndSamplesItsOwnNodeAndReadsTheStateMonkeyServiceGaveIt() {
		assertThat(agentA.announce(node("a"))).isEmpty();
		agentA.writeSample(sample("a"), Duration.ofSeconds(5));
		assertThat(admin.sample("a")).isPresent();
		assertThat(admin.nodes()).extracting(Node::id).contains("a");
		assertThat(admin.enroll("a")).isTrue();
		assertThat(agentA.announce(node("a"))).map(NodeStatus::state).contains(NodeState.JOINING);
	}

	@Test
	void anAgentCannotWriteAnotherNodesKeys() {
		NodeStatus bStatus = admin.register(node("b"));
		assertThatException().isThrownBy(() -> agentA.register(node("b"))).withStackTraceContaining("NOPERM");
		assertThatException().isThrownBy(() -> agentA.writeSample(sample("b"), Duration.ofSeconds(5)))
			.withStackTraceContaining("NOPERM");
		assertThat(admin.sample("b")).isEmpty();
		assertThat(admin.status("b")).contains(bStatus);
	}

	@Test
	void anAgentCannotCreateOrMoveItsOwnLifecycleStateOrTouchTheEventLog() {
		assertThatException().isThrownBy(() -> agentA.register(node("c"))).withStackTraceContaining("NOPERM");
		assertThatException().isThrownBy(() -> agentA.enroll("a")).withStackTraceContaining("NOPERM");
		NodeStatus aStatus = admin.register(node("a"));
		assertThatException()
			.isThrownBy(() -> agentA.transition("a", aStatus, NodeState.ACTIVE, "self-promotion", "agent:a",
					java.util.Map.of()))
			.withStackTraceContaining("NOPERM");
		assertThat(admin.status("a")).map(NodeStatus::state).contains(NodeState.JOINING);
	}

	private static Node node(String id) {
		return Node.of(id, "web", NodeAddress.parse("127.0.0.1:9000"));
	}

	private static MetricsSample sample(String id) {
		return new MetricsSample(id, 10, 20, null, AppHealth.UP, Instant.now(), 1);
	}

	private static byte[][] toBytes(String[] words) {
		return List.of(words).stream().map(String::getBytes).toArray(byte[][]::new);
	}

}

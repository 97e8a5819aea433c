package io.monkeyfleet.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
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
 * The provisioner's Redis user ({@link RedisAcl#provisioner()}) on a real Redis: its own
 * {@code prov:*} keys, and the nodes' samples read only, for the boot markers that prove
 * a reboot. It cannot write or delete a sample, nor read any other fleet key.
 */
class ProvisionerAclIT {

	@RegisterExtension
	static final RealRedisExtension redisServer = new RealRedisExtension();

	private static final KeySchema keys = new KeySchema("mf:");

	private static StandaloneFleetStore adminConnection;

	private static StandaloneFleetStore provisionerConnection;

	private static FleetStore admin;

	private static FleetStore provisioner;

	private static StringRedisTemplate provisionerRedis;

	@BeforeAll
	static void createProvisionerUser() {
		adminConnection = StandaloneFleetStore.connect(redisServer.host(), redisServer.port());
		String rule = "reset on >provisioner-secret " + new RedisAcl(keys).provisioner();
		adminConnection.redis()
			.execute((RedisCallback<Object>) (connection) -> connection.execute("ACL",
					toBytes(("SETUSER provisioner " + rule).split(" "))));
		admin = adminConnection.store();
		RedisStandaloneConfiguration asProvisioner = new RedisStandaloneConfiguration(redisServer.host(),
				redisServer.port());
		asProvisioner.setUsername("provisioner");
		asProvisioner.setPassword("provisioner-secret");
		provisionerConnection = new StandaloneFleetStore(asProvisioner, keys, Clock.systemUTC(),
				FleetStoreSettings.DEFAULTS);
		provisioner = provisionerConnection.store();
		provisionerRedis = provisionerConnection.redis();
	}

	@AfterAll
	static void close() {
		provisionerConnection.close();
		adminConnection.close();
	}

	@Test
	void readsANodesSampleWithItsBootMarker() {
		admin.register(Node.of("n1", "web", NodeAddress.parse("127.0.0.1:9000")));
		admin.writeSample(sample("n1", "boot-1"), Duration.ofSeconds(30));

		assertThat(provisioner.sample("n1")).map(MetricsSample::bootMarker).contains("boot-1");
		assertThat(provisioner.samples(List.of("n1", "never-sampled"))).containsOnlyKeys("n1");
	}

	@Test
	void cannotWriteOrDeleteASample() {
		admin.writeSample(sample("n2", "boot-1"), Duration.ofSeconds(30));

		assertThatException().isThrownBy(() -> provisioner.writeSample(sample("n2", "forged"), Duration.ofSeconds(30)))
			.withStackTraceContaining("NOPERM");
		assertThatException().isThrownBy(() -> provisionerRedis.delete(keys.nodeSample("n2")))
			.withStackTraceContaining("NOPERM");
		assertThatException().isThrownBy(() -> provisionerRedis.expire(keys.nodeSample("n2"), Duration.ofSeconds(1)))
			.withStackTraceContaining("NOPERM");
		assertThat(admin.sample("n2")).map(MetricsSample::bootMarker).contains("boot-1");
	}

	@Test
	void cannotReadOrWriteAnyOtherFleetKey() {
		admin.register(Node.of("n3", "web", NodeAddress.parse("127.0.0.1:9000")));

		for (String key : List.of(keys.node("n3"), keys.nodeState("n3"), keys.pool("web"), keys.route("r"),
				keys.monkeyLeader(), keys.gatewayReports())) {
			assertThatException().as(key)
				.isThrownBy(() -> provisionerRedis.opsForValue().get(key))
				.withStackTraceContaining("NOPERM");
		}
		assertThatException().isThrownBy(() -> provisionerRedis.opsForSet().members(keys.nodeIndex()))
			.withStackTraceContaining("NOPERM");
		assertThatException().isThrownBy(() -> provisioner.node("n3")).withStackTraceContaining("NOPERM");
		assertThatException().isThrownBy(() -> provisionerRedis.opsForValue().set(keys.nodeState("n3"), "{}"))
			.withStackTraceContaining("NOPERM");
		assertThatException().isThrownBy(() -> provisionerRedis.keys("*")).withStackTraceContaining("NOPERM");
	}

	@Test
	void stillOwnsItsProvisionerKeys() {
		provisionerRedis.opsForValue().set(keys.provisionerFencingToken(), "42");

		assertThat(provisionerRedis.opsForValue().get(keys.provisionerFencingToken())).isEqualTo("42");
	}

	private static MetricsSample sample(String id, String bootMarker) {
		return new MetricsSample(id, 10, 20, null, AppHealth.UP, Instant.now(), 1, bootMarker);
	}

	private static byte[][] toBytes(String[] words) {
		return List.of(words).stream().map(String::getBytes).toArray(byte[][]::new);
	}

}

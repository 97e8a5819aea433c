package io.monkeyfleet.testsupport.redis;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RealRedisExtensionIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	@Test
	void givesTheClassARedisThatAnswers() {
		assertThat(RedisPing.answers(redis.host(), redis.port())).isTrue();
	}

	@Test
	void stopsAndStartsOnTheSamePort() {
		int port = redis.port();
		redis.stop();
		await().atMost(Duration.ofSeconds(5)).until(() -> !RedisPing.answers(redis.host(), port));
		redis.start();
		assertThat(redis.port()).isEqualTo(port);
		assertThat(RedisPing.answers(redis.host(), port)).isTrue();
	}

}

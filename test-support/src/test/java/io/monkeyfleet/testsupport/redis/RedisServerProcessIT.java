package io.monkeyfleet.testsupport.redis;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RedisServerProcessIT {

	@Test
	void startsAPasswordProtectedServer() {
		try (RedisServerProcess server = RedisServerProcess.start(RealRedisExtension.redisServerExecutable(),
				List.of("--requirepass", "s3cret"))) {
			assertThat(server.pid()).isPositive();
			assertThat(RedisPing.answers(server.host(), server.port())).isTrue();
		}
	}

	@Test
	void saysWhyWhenTheServerCannotStart() {
		assertThatIllegalStateException()
			.isThrownBy(() -> RedisServerProcess.start(RealRedisExtension.redisServerExecutable(),
					List.of("--no-such-option", "x")))
			.withMessageContaining("redis-server exited at start");
	}

	@Test
	void saysWhichBinaryIsMissing() {
		assertThatIllegalStateException()
			.isThrownBy(() -> RedisServerProcess.start(Path.of("/nonexistent/redis-server"), List.of()))
			.withMessageContaining("/nonexistent/redis-server");
	}

}

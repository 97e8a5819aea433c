package io.monkeyfleet.store;

import io.monkeyfleet.testsupport.redis.RealRedis;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A plain connection to a test's real Redis, for store tests that build their own stores.
 */
final class TestRedis {

	private TestRedis() {
	}

	static LettuceConnectionFactory connect(RealRedis server) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(server.host(), server.port()));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	static void flush(StringRedisTemplate redis) {
		redis.execute((RedisCallback<Object>) (connection) -> {
			connection.serverCommands().flushAll();
			return null;
		});
	}

}

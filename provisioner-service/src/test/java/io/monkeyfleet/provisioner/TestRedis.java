package io.monkeyfleet.provisioner;

import io.monkeyfleet.testsupport.redis.RealRedis;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** A Spring Data Redis template on a test's real Redis, for tests without a context. */
public final class TestRedis {

	private TestRedis() {
	}

	public static StringRedisTemplate template(RealRedis redis) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		factory.afterPropertiesSet();
		factory.start();
		return new StringRedisTemplate(factory);
	}

}

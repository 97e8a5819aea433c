package io.monkeyfleet.provisioner;

import java.time.Clock;

import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.FleetStoreSettings;
import io.monkeyfleet.store.KeySchema;
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

	/** The fleet store on it, with the default key prefix, as the services use it. */
	public static FleetStore store(RealRedis redis) {
		return new FleetStore(template(redis), new KeySchema("mf:"), new FleetCodec(), Clock.systemUTC(),
				FleetStoreSettings.DEFAULTS);
	}

}

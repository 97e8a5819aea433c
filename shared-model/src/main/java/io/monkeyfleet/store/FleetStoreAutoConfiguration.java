package io.monkeyfleet.store;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Gives every service the fleet store over Spring Boot's Redis connection. Each bean
 * backs off when the application defines its own.
 */
@AutoConfiguration(after = DataRedisAutoConfiguration.class)
@EnableConfigurationProperties(FleetStoreProperties.class)
public class FleetStoreAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	@ConditionalOnMissingBean
	KeySchema keySchema(FleetStoreProperties properties) {
		return new KeySchema(properties.keyPrefix());
	}

	@Bean
	@ConditionalOnMissingBean
	FleetCodec fleetCodec() {
		return new FleetCodec();
	}

	/** See {@link RedisClientDefaults#failFast}. */
	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
		return RedisClientDefaults::failFast;
	}

	/** See {@link RedisClientDefaults#boundedReconnect}. */
	@Bean
	ClientResourcesBuilderCustomizer boundedReconnectDelay(FleetStoreProperties properties) {
		return (resources) -> RedisClientDefaults.boundedReconnect(resources, properties.reconnectMaxDelay());
	}

	@Bean
	@ConditionalOnMissingBean
	FleetStore fleetStore(StringRedisTemplate redis, KeySchema keys, FleetCodec codec, Clock clock,
			FleetStoreProperties properties) {
		return new FleetStore(redis, keys, codec, clock, properties.settings());
	}

}

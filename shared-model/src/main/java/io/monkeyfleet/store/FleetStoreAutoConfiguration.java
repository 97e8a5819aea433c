package io.monkeyfleet.store;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;

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

	/**
	 * While Redis is away, commands fail at once instead of queueing without bound in the
	 * client: every caller already treats a failed read or write as "Redis unavailable",
	 * and a queue would only replay stale writes later.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
		return (options) -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	/**
	 * Reconnects after an outage within {@code monkeyfleet.store.reconnect-max-delay} of
	 * Redis coming back: Lettuce's own default backs off up to 30 s.
	 */
	@Bean
	ClientResourcesBuilderCustomizer boundedReconnectDelay(FleetStoreProperties properties) {
		Duration max = properties.reconnectMaxDelay();
		return (resources) -> resources
			.reconnectDelay(Delay.exponential(Duration.ofMillis(50), max, 2, TimeUnit.MILLISECONDS));
	}

	@Bean
	@ConditionalOnMissingBean
	FleetStore fleetStore(StringRedisTemplate redis, KeySchema keys, FleetCodec codec, Clock clock,
			FleetStoreProperties properties) {
		return new FleetStore(redis, keys, codec, clock, properties.settings());
	}

}

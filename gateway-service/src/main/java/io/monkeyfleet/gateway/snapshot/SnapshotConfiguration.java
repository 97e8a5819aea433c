package io.monkeyfleet.gateway.snapshot;

import java.time.Clock;

import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.monkeyfleet.gateway.ssrf.SsrfProperties;
import io.monkeyfleet.ssrf.AddressGuard;
import io.monkeyfleet.ssrf.HostResolver;
import io.monkeyfleet.store.FleetChangeSubscriber;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.FleetStoreProperties;
import io.monkeyfleet.store.KeySchema;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** The routing snapshot: read from Redis, guarded, kept on disk, served from memory. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ SnapshotProperties.class, SsrfProperties.class })
class SnapshotConfiguration {

	/**
	 * While Redis is unreachable, commands fail at once instead of queueing until their
	 * timeout: the snapshot thread notices the outage within one refresh and the request
	 * path never waits on Redis anyway.
	 */
	@Bean
	LettuceClientOptionsBuilderCustomizer failFastWhileRedisIsDown() {
		return (builder) -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	@Bean
	AddressGuard addressGuard(SsrfProperties properties) {
		return properties.guard(HostResolver.SYSTEM);
	}

	@Bean
	SnapshotHolder snapshotHolder() {
		return new SnapshotHolder();
	}

	@Bean
	SnapshotRefresher snapshotRefresher(FleetStore store, RedisConnectionFactory connectionFactory, KeySchema keys,
			SnapshotHolder holder, AddressGuard guard, RouteVetting vetting, SnapshotProperties properties,
			FleetStoreProperties storeProperties, FleetCodec codec, Clock clock, MeterRegistry registry) {
		RoutingViewBuilder builder = new RoutingViewBuilder(guard, vetting, properties.heartbeatMaxAge(), clock,
				properties.verdictLifetime());
		ShrinkGuard shrinkGuard = new ShrinkGuard(properties.maxUnexplainedShrink(), properties.heartbeatMaxAge());
		return new SnapshotRefresher(store, () -> new FleetChangeSubscriber(connectionFactory, keys, codec), holder,
				builder, shrinkGuard, new SnapshotFile(properties.file(), codec), properties, clock,
				storeProperties.maxClockSkew(), registry);
	}

	@Bean
	SnapshotHealthIndicator routingSnapshotHealthIndicator(SnapshotHolder holder, SnapshotRefresher refresher,
			Clock clock) {
		return new SnapshotHealthIndicator(holder, refresher, clock);
	}

}

package io.monkeyfleet.monkey.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.monkeyfleet.monkey.MonkeyProperties;
import io.monkeyfleet.monkey.guard.RepairBudget;
import io.monkeyfleet.monkey.settings.SettingsSource;
import io.monkeyfleet.monkey.workflow.FleetWorkflows;
import io.monkeyfleet.monkey.workflow.RepairWorkflows;
import io.monkeyfleet.ssrf.HostResolver;
import io.monkeyfleet.ssrf.RouteCheck;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.KeySchema;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Wires the admin API: the operator request queue and the leader's duties that serve it,
 * the fleet board, the live event feed, the route check.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
class AdminConfiguration {

	/** How often the live event feed looks for new events. */
	private static final Duration EVENT_POLL = Duration.ofMillis(250);

	/** Live event subscribers served at once, at most. */
	private static final int MAX_SUBSCRIBERS = 200;

	@Bean
	OperatorQueue operatorQueue(StringRedisTemplate redis, KeySchema keys, FleetCodec codec) {
		return new OperatorQueue(redis, keys, codec);
	}

	@Bean
	OperatorDesk operatorDesk(OperatorQueue queue, FleetStore store, RepairWorkflows workflows,
			FleetWorkflows fleetWorkflows, AdminProperties properties) {
		return new OperatorDesk(queue, store, workflows, fleetWorkflows, properties.requestTimeToLive());
	}

	@Bean
	LeaderStatusPublisher leaderStatusPublisher(StringRedisTemplate redis, KeySchema keys, FleetCodec codec,
			MonkeyProperties properties) {
		return new LeaderStatusPublisher(redis, keys, codec, properties.leaseTimeToLive());
	}

	@Bean
	FleetBoard fleetBoard(FleetStore store, StringRedisTemplate redis, KeySchema keys, RepairWorkflows workflows,
			SettingsSource settings, LeaderStatusPublisher leaderStatus, Clock clock) {
		return new FleetBoard(store, redis, keys, workflows, () -> {
			MonkeyProperties.Repair repair = settings.get().repair();
			return new RepairBudget(repair.maxRepairs(), repair.budgetWindow(), repair.backoff());
		}, () -> leaderStatus.current().map(LeaderStatus::openBreakers).orElse(List.of()), clock);
	}

	@Bean
	EventFeed eventFeed(FleetStore store) {
		return new EventFeed(store, EVENT_POLL, MAX_SUBSCRIBERS);
	}

	@Bean
	RouteCheck adminRouteCheck(AdminProperties properties) {
		return properties.routes().check(HostResolver.SYSTEM);
	}

}

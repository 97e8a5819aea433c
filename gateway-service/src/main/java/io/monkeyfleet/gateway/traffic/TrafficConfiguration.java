package io.monkeyfleet.gateway.traffic;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.monkeyfleet.gateway.balancing.BalancingProperties;
import io.monkeyfleet.gateway.balancing.Ticker;
import io.monkeyfleet.gateway.outlier.OutlierDetector;
import io.monkeyfleet.gateway.outlier.OutlierProperties;
import io.monkeyfleet.gateway.snapshot.SnapshotHolder;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.FleetStore;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Counting, retrying and reporting each request to a node, and the problem answers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ TrafficProperties.class, OutlierProperties.class })
class TrafficConfiguration {

	@Bean
	Ticker ticker() {
		return Ticker.SYSTEM;
	}

	@Bean
	NodeStatsRegistry nodeStatsRegistry(BalancingProperties balancing, MeterRegistry registry, Ticker ticker) {
		return new NodeStatsRegistry(balancing.latencySmoothing(), balancing.latencyIdleHalfLife(), registry, ticker);
	}

	@Bean
	EjectionLog ejectionLog(TrafficProperties properties, MeterRegistry registry) {
		return new EjectionLog(properties.effectiveGatewayId(), properties.maxPendingEvents(), registry);
	}

	@Bean
	OutlierDetector outlierDetector(OutlierProperties properties, Clock clock, EjectionLog ejections) {
		return new OutlierDetector(properties, clock, ejections);
	}

	@Bean
	ExchangeCompletionFilter exchangeCompletionFilter(MeterRegistry registry, Ticker ticker) {
		return new ExchangeCompletionFilter(new RouteStats(registry), ticker);
	}

	@Bean
	NodeCallFilter nodeCallFilter(NodeStatsRegistry stats, OutlierDetector outliers,
			LoadBalancerClientFactory balancers, TrafficProperties properties, Ticker ticker, MeterRegistry registry) {
		return new NodeCallFilter(stats, outliers, balancers, properties.idempotentMethods(),
				properties.idempotencyHeader(), ticker, registry);
	}

	@Bean
	GatewayProblemHandler gatewayProblemHandler(FleetCodec codec,
			io.monkeyfleet.gateway.snapshot.SnapshotHolder snapshot) {
		return new GatewayProblemHandler(codec, () -> snapshot.current().isPresent());
	}

	@Bean
	TrafficReporter trafficReporter(TrafficProperties properties, FleetStore store, NodeStatsRegistry stats,
			OutlierDetector outliers, EjectionLog ejections, SnapshotHolder holder, Clock clock, Ticker ticker,
			MeterRegistry registry) {
		return new TrafficReporter(properties.effectiveGatewayId(), store, stats, outliers, ejections, holder,
				properties, clock, ticker, registry);
	}

}

package io.monkeyfleet.monkey.fleetmetrics;

import java.time.Clock;

import io.monkeyfleet.store.FleetStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The fleet gauges, on unless {@code monkeyfleet.fleet-metrics.enabled=false}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FleetMetricsProperties.class)
@ConditionalOnBooleanProperty(name = "monkeyfleet.fleet-metrics.enabled", matchIfMissing = true)
class FleetMetricsConfiguration {

	@Bean(initMethod = "start", destroyMethod = "close")
	FleetMetrics fleetMetrics(FleetStore store, Clock clock, FleetMetricsProperties properties) {
		return new FleetMetrics(store, clock, properties.interval());
	}

}

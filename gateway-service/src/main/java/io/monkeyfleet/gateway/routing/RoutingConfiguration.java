package io.monkeyfleet.gateway.routing;

import io.monkeyfleet.gateway.snapshot.SnapshotHolder;
import io.monkeyfleet.ssrf.AddressGuard;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Routes from the snapshot into Spring Cloud Gateway. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RoutingProperties.class)
class RoutingConfiguration {

	@Bean
	RouteTranslator routeTranslator(RoutingProperties properties, AddressGuard guard) {
		return new RouteTranslator(properties.allowedFilterSet(), guard);
	}

	@Bean
	SnapshotRouteDefinitionLocator snapshotRouteDefinitionLocator(SnapshotHolder holder, RouteTranslator translator) {
		return new SnapshotRouteDefinitionLocator(holder, translator);
	}

	@Bean
	RouteRefreshTrigger routeRefreshTrigger(SnapshotHolder holder, ApplicationEventPublisher publisher) {
		RouteRefreshTrigger trigger = new RouteRefreshTrigger(publisher);
		holder.onChange(trigger::viewChanged);
		return trigger;
	}

	@Bean
	RoutesLoadedHealthIndicator routesLoadedHealthIndicator(RouteRefreshTrigger trigger) {
		return new RoutesLoadedHealthIndicator(trigger);
	}

}

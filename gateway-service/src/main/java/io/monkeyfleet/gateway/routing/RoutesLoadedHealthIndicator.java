package io.monkeyfleet.gateway.routing;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Part of readiness: out of service until Spring Cloud Gateway has loaded the routes of a
 * routing view. A view (from Redis or the snapshot file) is there a moment before the
 * gateway's route cache is rebuilt from it; a load balancer that sent traffic in between
 * would get "no route matches" answers. Later reloads keep serving the previous routes
 * until they complete, so readiness stays up.
 */
final class RoutesLoadedHealthIndicator implements HealthIndicator {

	private final RouteRefreshTrigger trigger;

	RoutesLoadedHealthIndicator(RouteRefreshTrigger trigger) {
		this.trigger = trigger;
	}

	@Override
	public Health health() {
		return this.trigger.routesLoaded() ? Health.up().build()
				: Health.outOfService()
					.withDetail("reason", "the routes of the routing view are not loaded yet")
					.build();
	}

}

package io.monkeyfleet.gateway.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.monkeyfleet.gateway.snapshot.RoutingView;
import io.monkeyfleet.model.Route;

import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Tells Spring Cloud Gateway to reload its routes when, and only when, a new view's
 * routes differ from the last ones: the views change every second (samples), the routes
 * rarely, and a reload rebuilds every route.
 */
final class RouteRefreshTrigger {

	private final ApplicationEventPublisher publisher;

	private final AtomicReference<List<Route>> lastRoutes = new AtomicReference<>();

	RouteRefreshTrigger(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	void viewChanged(RoutingView view) {
		List<Route> previous = this.lastRoutes.getAndSet(view.routes());
		if (!view.routes().equals(previous)) {
			this.publisher.publishEvent(new RefreshRoutesEvent(this));
		}
	}

}

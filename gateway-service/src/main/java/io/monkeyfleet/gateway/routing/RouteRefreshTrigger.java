package io.monkeyfleet.gateway.routing;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.monkeyfleet.gateway.snapshot.RoutingView;
import io.monkeyfleet.model.Route;

import org.springframework.cloud.gateway.event.RefreshRoutesEvent;
import org.springframework.cloud.gateway.event.RefreshRoutesResultEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;

/**
 * Tells Spring Cloud Gateway to reload its routes when, and only when, a new view's
 * routes differ from the last ones: the views change every second (samples), the routes
 * rarely, and a reload rebuilds every route. Also knows whether the gateway has loaded
 * routes from a view at all: the reload is asynchronous, and until the first one ends
 * every request would be answered "no route matches".
 */
final class RouteRefreshTrigger implements ApplicationListener<RefreshRoutesResultEvent> {

	private final ApplicationEventPublisher publisher;

	private final AtomicReference<List<Route>> lastRoutes = new AtomicReference<>();

	private final AtomicBoolean loaded = new AtomicBoolean();

	RouteRefreshTrigger(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	void viewChanged(RoutingView view) {
		List<Route> previous = this.lastRoutes.getAndSet(view.routes());
		if (!view.routes().equals(previous)) {
			this.publisher.publishEvent(new RefreshRoutesEvent(this));
		}
	}

	@Override
	public void onApplicationEvent(RefreshRoutesResultEvent event) {
		// Only a reload after a view arrived counts (one at start-up loads no routes).
		if (event.isSuccess() && this.lastRoutes.get() != null) {
			this.loaded.set(true);
		}
	}

	/** Whether a reload asked for by a view has completed (and so routes serve). */
	boolean routesLoaded() {
		return this.loaded.get();
	}

}

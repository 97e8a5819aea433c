package io.monkeyfleet.gateway.routing;

import java.util.List;

import io.monkeyfleet.gateway.snapshot.RoutingView;
import io.monkeyfleet.gateway.snapshot.SnapshotHolder;
import reactor.core.publisher.Flux;

import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;

/**
 * The routes of the current snapshot, as Spring Cloud Gateway route definitions. The
 * gateway's caching route locator asks again on every refresh event, which
 * {@link RouteRefreshTrigger} sends when the routes change.
 */
final class SnapshotRouteDefinitionLocator implements RouteDefinitionLocator {

	private final SnapshotHolder holder;

	private final RouteTranslator translator;

	SnapshotRouteDefinitionLocator(SnapshotHolder holder, RouteTranslator translator) {
		this.holder = holder;
		this.translator = translator;
	}

	@Override
	public Flux<RouteDefinition> getRouteDefinitions() {
		List<RouteDefinition> definitions = this.holder.current()
			.map(RoutingView::routes)
			.orElse(List.of())
			.stream()
			.map(this.translator::definition)
			.toList();
		return Flux.fromIterable(definitions);
	}

}

package io.monkeyfleet.gateway.snapshot;

import java.util.Optional;

import io.monkeyfleet.model.Route;

/**
 * Decides whether a route from Redis may be served; the routing feature implements it.
 */
@FunctionalInterface
public interface RouteVetting {

	/** Why the route must not be served, or empty if it may. */
	Optional<String> refusal(Route route);

}

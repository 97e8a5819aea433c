package io.monkeyfleet.model;

import java.util.List;

/**
 * A gateway route: requests matching all its predicates go to a node of its pool.
 *
 * @param id unique; a {@link Require#name name}
 * @param predicates at least one, all of which must match
 * @param filters applied in order to matching requests; may be empty
 * @param pool the pool whose nodes serve the route
 * @param order lower wins when several routes match
 */
public record Route(String id, List<RoutePredicate> predicates, List<RouteFilter> filters, String pool, int order) {

	public Route {
		Require.name(id, "route id");
		predicates = Require.list(predicates, "predicates", 16);
		if (predicates.isEmpty()) {
			throw new IllegalArgumentException("route '" + id + "' needs at least one predicate");
		}
		filters = Require.list(filters, "filters", 16);
		Require.name(pool, "route pool");
	}

}

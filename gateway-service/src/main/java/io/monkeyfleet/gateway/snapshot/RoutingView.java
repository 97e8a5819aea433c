package io.monkeyfleet.gateway.snapshot;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.monkeyfleet.gateway.balancing.FleetServiceInstance;
import io.monkeyfleet.model.Route;

/**
 * What requests are served from: immutable, swapped whole when the fleet changes.
 *
 * @param readAt when its data was read from Redis
 * @param source where this gateway got it from
 * @param generation grows by one with every view this gateway builds
 * @param routes the routes that passed vetting, by order then id
 * @param routable per pool, the nodes that may get requests, in id order
 * @param poolOfNode every known node's pool
 * @param outOfRotation known nodes whose lifecycle state takes no traffic (draining,
 * rebooting, joining ...), whatever their samples say
 * @param heldNodes nodes kept routable by a refused update
 */
public record RoutingView(Instant readAt, Source source, long generation, List<Route> routes,
		Map<String, List<FleetServiceInstance>> routable, Map<String, String> poolOfNode, Set<String> outOfRotation,
		int heldNodes) {

	/** Where a view's data came from. */
	public enum Source {

		/** Read from Redis. */
		REDIS,
		/** Read from the snapshot file at start-up, Redis being unreachable. */
		FILE

	}

	public RoutingView {
		routes = List.copyOf(routes);
		routable = Map.copyOf(routable);
		poolOfNode = Map.copyOf(poolOfNode);
		outOfRotation = Set.copyOf(outOfRotation);
	}

	public List<FleetServiceInstance> routable(String pool) {
		return this.routable.getOrDefault(pool, List.of());
	}

	public int routableCount() {
		return this.routable.values().stream().mapToInt(List::size).sum();
	}

}

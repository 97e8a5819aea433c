package io.monkeyfleet.gateway.snapshot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.monkeyfleet.gateway.balancing.FleetServiceInstance;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.ssrf.AddressGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the applied fleet into a {@link RoutingView}: routable nodes that pass the
 * address guard, with the address the guard checked, and routes that pass vetting. What
 * is refused gets one log line when it is first refused (not one a second), and one when
 * it is accepted again. Used on the snapshot thread only.
 */
final class RoutingViewBuilder {

	private static final Logger logger = LoggerFactory.getLogger(RoutingViewBuilder.class);

	private static final Comparator<Route> ROUTE_ORDER = Comparator.comparingInt(Route::order).thenComparing(Route::id);

	private final AddressGuard guard;

	private final RouteVetting vetting;

	private final Duration heartbeatMaxAge;

	private final Clock clock;

	private final Duration verdictLifetime;

	private final Map<String, CachedVerdict> verdicts = new HashMap<>();

	private Map<String, String> refusedNodes = Map.of();

	private Map<String, String> refusedRoutes = Map.of();

	private long refusedNodeCount;

	/**
	 * @param verdictLifetime how long the guard's verdict on a host and port is reused
	 * before the host is resolved and checked again
	 */
	RoutingViewBuilder(AddressGuard guard, RouteVetting vetting, Duration heartbeatMaxAge, Clock clock,
			Duration verdictLifetime) {
		this.guard = guard;
		this.vetting = vetting;
		this.heartbeatMaxAge = heartbeatMaxAge;
		this.clock = clock;
		this.verdictLifetime = verdictLifetime;
	}

	RoutingView build(AppliedFleet applied, RoutingView.Source source, long generation) {
		Map<String, List<FleetServiceInstance>> routable = new TreeMap<>();
		Map<String, String> poolOfNode = new HashMap<>();
		Set<String> outOfRotation = new HashSet<>();
		Map<String, String> refusedNodes = new TreeMap<>();
		for (Node node : applied.fleet().nodes().values()) {
			poolOfNode.put(node.id(), node.pool());
			if (!applied.inRotation(node.id())) {
				outOfRotation.add(node.id());
			}
			if (!applied.routable(node.id(), this.heartbeatMaxAge)) {
				continue;
			}
			AddressGuard.Verdict verdict = verdict(node.address().host(), node.address().port());
			if (verdict instanceof AddressGuard.Verdict.Allowed allowed) {
				MetricsSample sample = applied.fleet().samples().get(node.id());
				routable.computeIfAbsent(node.pool(), (pool) -> new ArrayList<>())
					.add(new FleetServiceInstance(node.id(), node.pool(), allowed.address().getHostAddress(),
							node.address().port(), (sample != null) ? sample.cpuPercent() : Double.NaN,
							(sample != null) ? sample.sampledAt() : null));
			}
			else if (verdict instanceof AddressGuard.Verdict.Denied denied) {
				refusedNodes.put(node.id(), "Refused node '" + node.id() + "' of pool '" + node.pool() + "' at "
						+ node.address() + " (address guard): " + denied.reason() + "; it gets no traffic");
			}
		}
		logChanges("node", this.refusedNodes, refusedNodes);
		this.refusedNodes = refusedNodes;
		this.refusedNodeCount = refusedNodes.size();

		List<Route> routes = new ArrayList<>();
		Map<String, String> refusedRoutes = new TreeMap<>();
		for (Route route : applied.fleet().routes().values()) {
			Optional<String> refusal = this.vetting.refusal(route);
			if (refusal.isPresent()) {
				refusedRoutes.put(route.id(), "Refused route '" + route.id() + "': " + refusal.get()
						+ "; requests it would match are not routed by it");
			}
			else {
				routes.add(route);
			}
		}
		logChanges("route", this.refusedRoutes, refusedRoutes);
		this.refusedRoutes = refusedRoutes;
		routes.sort(ROUTE_ORDER);
		return new RoutingView(applied.fleet().readAt(), source, generation, routes, routable, poolOfNode,
				outOfRotation, applied.heldNodes().size());
	}

	/** Nodes refused by the address guard in the latest view. */
	long refusedNodeCount() {
		return this.refusedNodeCount;
	}

	/** Routes refused by vetting in the latest view. */
	long refusedRouteCount() {
		return this.refusedRoutes.size();
	}

	private AddressGuard.Verdict verdict(String host, int port) {
		Instant now = this.clock.instant();
		String key = host + "|" + port;
		CachedVerdict cached = this.verdicts.get(key);
		if (cached == null || cached.checkedAt().plus(this.verdictLifetime).isBefore(now)) {
			cached = new CachedVerdict(this.guard.check(host, port), now);
			this.verdicts.put(key, cached);
		}
		return cached.verdict();
	}

	private static void logChanges(String what, Map<String, String> before, Map<String, String> now) {
		now.forEach((id, line) -> {
			if (!line.equals(before.get(id))) {
				logger.warn(line);
			}
		});
		before.keySet()
			.stream()
			.filter((id) -> !now.containsKey(id))
			.forEach((id) -> logger.info("The {} '{}' is no longer refused", what, id));
	}

	private record CachedVerdict(AddressGuard.Verdict verdict, Instant checkedAt) {
	}

}

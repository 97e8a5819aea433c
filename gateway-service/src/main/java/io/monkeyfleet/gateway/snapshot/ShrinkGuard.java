package io.monkeyfleet.gateway.snapshot;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.store.FleetSnapshot;

/**
 * Refuses the part of an update that would empty a pool, or shrink it sharply, without
 * the lifecycle events that explain it: what a flushed or restarted-empty Redis, a broken
 * monitoring path or a half-written restore looks like. A node that stops being routable
 * is explained when its lifecycle state says so (monkey-service moved it: that move is
 * itself recorded as an event, and raises the state's version; a state written afresh,
 * such as the {@code JOINING} an agent's registration creates in a flushed Redis, does
 * not explain anything) or when the event stream records its removal; a lost or stale
 * heartbeat and a node that simply vanished are not. Unexplained losses of up to the
 * allowed share of a pool are applied (one dead agent among three nodes); beyond it, or
 * when the pool would be empty, the lost nodes are kept as they were. The same goes for
 * routes: a route is only dropped unexplained in small numbers.
 */
final class ShrinkGuard {

	private final double maxUnexplainedShrink;

	private final Duration heartbeatMaxAge;

	/**
	 * @param maxUnexplainedShrink the share of a pool's routable nodes (or of the routes)
	 * an update may take away without lifecycle events; more is refused
	 * @param heartbeatMaxAge as for {@link AppliedFleet#routable}
	 */
	ShrinkGuard(double maxUnexplainedShrink, Duration heartbeatMaxAge) {
		this.maxUnexplainedShrink = maxUnexplainedShrink;
		this.heartbeatMaxAge = heartbeatMaxAge;
	}

	/**
	 * What the lifecycle events since the previous read say.
	 *
	 * @param removedNodes nodes whose removal was recorded
	 * @param deletedRoutes routes whose deletion was recorded
	 */
	record Evidence(Set<String> removedNodes, Set<String> deletedRoutes) {

		static final Evidence NONE = new Evidence(Set.of(), Set.of());

		Evidence {
			removedNodes = Set.copyOf(removedNodes);
			deletedRoutes = Set.copyOf(deletedRoutes);
		}

	}

	/** The fleet to apply, and what of the update was refused. */
	record Result(AppliedFleet applied, List<Refusal> refusals) {
	}

	Result guard(AppliedFleet previous, FleetSnapshot next, Evidence evidence) {
		if (previous == null) {
			return new Result(new AppliedFleet(next, Set.of()), List.of());
		}
		List<Refusal> refusals = new ArrayList<>();
		Map<String, Node> nodes = new TreeMap<>(next.nodes());
		Map<String, NodeStatus> statuses = new TreeMap<>(next.statuses());
		Map<String, MetricsSample> samples = new TreeMap<>(next.samples());
		Set<String> held = new HashSet<>();
		for (Map.Entry<String, List<String>> pool : routableByPool(previous).entrySet()) {
			List<String> before = pool.getValue();
			List<String> unexplained = new ArrayList<>();
			for (String nodeId : before) {
				if (!AppliedFleet.eligible(next, nodeId, this.heartbeatMaxAge)
						&& !explained(nodeId, pool.getKey(), previous.fleet(), next, evidence)) {
					unexplained.add(nodeId);
				}
			}
			if (unexplained.isEmpty()) {
				continue;
			}
			long after = next.nodes()
				.keySet()
				.stream()
				.filter((id) -> next.nodes().get(id).pool().equals(pool.getKey()))
				.filter((id) -> AppliedFleet.eligible(next, id, this.heartbeatMaxAge))
				.count();
			boolean empties = after == 0;
			boolean sharp = unexplained.size() > this.maxUnexplainedShrink * before.size();
			if (!empties && !sharp) {
				continue;
			}
			for (String nodeId : unexplained) {
				held.add(nodeId);
				nodes.putIfAbsent(nodeId, previous.fleet().nodes().get(nodeId));
				putIfPresent(statuses, nodeId, previous.fleet().statuses().get(nodeId));
				putIfPresent(samples, nodeId, previous.fleet().samples().get(nodeId));
			}
			refusals.add(new Refusal(pool.getKey(), before.size(), unexplained.size(), List.copyOf(unexplained),
					empties ? "it would leave the pool with no routable node"
							: "it would take away more than " + percent() + " of the pool at once"));
		}
		Map<String, Route> routes = new TreeMap<>(next.routes());
		List<String> lostRoutes = new ArrayList<>();
		for (String routeId : previous.fleet().routes().keySet()) {
			if (!next.routes().containsKey(routeId) && !evidence.deletedRoutes().contains(routeId)) {
				lostRoutes.add(routeId);
			}
		}
		int routesBefore = previous.fleet().routes().size();
		if (!lostRoutes.isEmpty()
				&& (next.routes().isEmpty() || lostRoutes.size() > this.maxUnexplainedShrink * routesBefore)) {
			lostRoutes.forEach((routeId) -> routes.put(routeId, previous.fleet().routes().get(routeId)));
			refusals.add(new Refusal(Refusal.ROUTES, routesBefore, lostRoutes.size(), List.copyOf(lostRoutes),
					next.routes().isEmpty() ? "it would leave no route at all"
							: "it would take away more than " + percent() + " of the routes at once"));
		}
		// The store never deletes a pool; one missing from a read is a read of the wrong
		// data.
		Map<String, Pool> pools = new TreeMap<>(previous.fleet().pools());
		pools.putAll(next.pools());
		FleetSnapshot applied = new FleetSnapshot(next.readAt(), new TreeMap<>(nodes), new TreeMap<>(statuses),
				new TreeMap<>(samples), new TreeMap<>(pools), new TreeMap<>(routes));
		return new Result(new AppliedFleet(applied, held), refusals);
	}

	private Map<String, List<String>> routableByPool(AppliedFleet previous) {
		Map<String, List<String>> pools = new TreeMap<>();
		for (Node node : previous.fleet().nodes().values()) {
			if (previous.routable(node.id(), this.heartbeatMaxAge)) {
				pools.computeIfAbsent(node.pool(), (name) -> new ArrayList<>()).add(node.id());
			}
		}
		return pools;
	}

	private static boolean explained(String nodeId, String pool, FleetSnapshot previous, FleetSnapshot next,
			Evidence evidence) {
		Node node = next.nodes().get(nodeId);
		if (node == null) {
			return evidence.removedNodes().contains(nodeId);
		}
		if (!node.pool().equals(pool)) {
			// Its agent registered it into another pool: the node says so itself.
			return true;
		}
		NodeStatus status = next.statuses().get(nodeId);
		if (status == null || status.state().receivesTraffic()) {
			return false;
		}
		// A move by monkey-service raises the state's version. A state as old as or
		// older than the one applied was written afresh: the JOINING an agent's
		// registration creates in a flushed Redis says nothing about the node.
		NodeStatus before = previous.statuses().get(nodeId);
		return before == null || status.version() > before.version();
	}

	private static <V> void putIfPresent(Map<String, V> map, String key, V value) {
		if (!map.containsKey(key) && value != null) {
			map.put(key, value);
		}
	}

	private String percent() {
		return Math.round(this.maxUnexplainedShrink * 100) + " %";
	}

}

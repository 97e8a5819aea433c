package io.monkeyfleet.gateway.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.store.FleetSnapshot;

/**
 * The fleet as this gateway routes on it: what it last read from Redis, after the shrink
 * guard. {@code heldNodes} are nodes the guard kept routable although the latest read
 * lost them without a lifecycle event.
 *
 * @param fleet the data
 * @param heldNodes ids of nodes kept routable by a refused update
 */
public record AppliedFleet(FleetSnapshot fleet, Set<String> heldNodes) {

	public AppliedFleet {
		heldNodes = Set.copyOf(heldNodes);
	}

	/**
	 * Whether a node may get traffic: held by the guard, or {@code ACTIVE} with a
	 * heartbeat at most {@code maxAge} older than the read and an app health other than
	 * {@code DOWN}. Freshness is judged against the time of the read, not the time now:
	 * while Redis is unreachable the gateway knows nothing newer, and an outage of Redis
	 * is no evidence against the nodes.
	 */
	public boolean routable(String nodeId, Duration maxAge) {
		return this.heldNodes.contains(nodeId) || eligible(this.fleet, nodeId, maxAge);
	}

	/**
	 * Whether a node's lifecycle state lets it take traffic (or the guard holds it),
	 * whatever its samples say.
	 */
	public boolean inRotation(String nodeId) {
		NodeStatus status = this.fleet.statuses().get(nodeId);
		return this.heldNodes.contains(nodeId) || (status != null && status.state().receivesTraffic());
	}

	static boolean eligible(FleetSnapshot fleet, String nodeId, Duration maxAge) {
		if (!fleet.nodes().containsKey(nodeId)) {
			return false;
		}
		NodeStatus status = fleet.statuses().get(nodeId);
		MetricsSample sample = fleet.samples().get(nodeId);
		return status != null && status.state().receivesTraffic() && sample != null
				&& sample.appHealth() != AppHealth.DOWN && fresh(sample, fleet.readAt(), maxAge);
	}

	private static boolean fresh(MetricsSample sample, Instant readAt, Duration maxAge) {
		return !sample.sampledAt().isBefore(readAt.minus(maxAge));
	}

}

package io.monkeyfleet.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a node is in its life. Only monkey-service moves a node between states, and only
 * along the transitions below; the agent creates a node as {@link #JOINING} and nothing
 * else.
 *
 * <pre>
 * JOINING ──► ACTIVE ──► DRAINING ──► REBOOTING ──► RECOVERING ──► ACTIVE
 *                │           └──► TERMINATING            └──► REBOOTING (retry)
 *                └──► MIGRATING ──► TERMINATING | REBOOTING | ACTIVE (aborted)
 * any state but TERMINATING ──► QUARANTINED ──► RECOVERING (released) | TERMINATING
 * </pre>
 */
public enum NodeState {

	/** Registered by its agent, not yet proven healthy: receives no traffic. */
	JOINING,
	/** Healthy and admitted: the only state that receives traffic. */
	ACTIVE,
	/** Taken out of rotation; in-flight requests are finishing. */
	DRAINING,
	/** A reboot or restart was asked of the provisioner. */
	REBOOTING,
	/** Back from a reboot; must show K consecutive healthy samples to be admitted. */
	RECOVERING,
	/** Too many failed repairs, or put aside by an operator: no automation touches it. */
	QUARANTINED,
	/** Its service is being handed to a standby host. */
	MIGRATING,
	/** Being removed from the fleet for good. */
	TERMINATING;

	private static final Map<NodeState, Set<NodeState>> ALLOWED = allowedTransitions();

	/** The states this one may move to. */
	public Set<NodeState> allowedTargets() {
		return ALLOWED.get(this);
	}

	public boolean canMoveTo(NodeState target) {
		return ALLOWED.get(this).contains(target);
	}

	/** Whether the gateways may send requests to a node in this state. */
	public boolean receivesTraffic() {
		return this == ACTIVE;
	}

	private static Map<NodeState, Set<NodeState>> allowedTransitions() {
		Map<NodeState, Set<NodeState>> allowed = new EnumMap<>(NodeState.class);
		allowed.put(JOINING, EnumSet.of(ACTIVE, QUARANTINED, TERMINATING));
		allowed.put(ACTIVE, EnumSet.of(DRAINING, MIGRATING, QUARANTINED));
		allowed.put(DRAINING, EnumSet.of(REBOOTING, TERMINATING, ACTIVE, QUARANTINED));
		allowed.put(REBOOTING, EnumSet.of(RECOVERING, QUARANTINED));
		allowed.put(RECOVERING, EnumSet.of(ACTIVE, REBOOTING, QUARANTINED));
		allowed.put(QUARANTINED, EnumSet.of(RECOVERING, TERMINATING));
		allowed.put(MIGRATING, EnumSet.of(TERMINATING, REBOOTING, ACTIVE, QUARANTINED));
		allowed.put(TERMINATING, EnumSet.noneOf(NodeState.class));
		allowed.replaceAll((state, targets) -> Collections.unmodifiableSet(targets));
		return Collections.unmodifiableMap(allowed);
	}

}

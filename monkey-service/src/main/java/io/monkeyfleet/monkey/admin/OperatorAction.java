package io.monkeyfleet.monkey.admin;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.rules.Action;

/**
 * What an operator may ask the leader to do, the states a node must be in for it, and the
 * proposal it becomes for the guard rails.
 */
public enum OperatorAction {

	/** Take an ACTIVE node out of rotation and keep it out, until restored. */
	DRAIN(Action.DRAIN, EnumSet.of(NodeState.ACTIVE)),
	/** Drain, reboot and re-admit the node: the doctor's repair, asked for by hand. */
	REBOOT(Action.REPAIR, EnumSet.of(NodeState.ACTIVE, NodeState.DRAINING)),
	/** Put a node an operator drained back into rotation. */
	RESTORE(Action.RESTORE, EnumSet.of(NodeState.DRAINING)),
	/** Put a node aside: out of rotation, and no automation touches it. */
	QUARANTINE(Action.QUARANTINE, EnumSet.complementOf(EnumSet.of(NodeState.QUARANTINED, NodeState.TERMINATING))),
	/**
	 * Release a quarantined node: re-admitted after K healthy samples, rebooted within
	 * its budget if they do not come.
	 */
	RELEASE(Action.RELEASE, EnumSet.of(NodeState.QUARANTINED)),
	/** Drain the node and terminate its host: scale-in, asked for by hand. */
	TERMINATE(Action.SCALE_IN, EnumSet.of(NodeState.ACTIVE, NodeState.DRAINING)),
	/** Launch one more node in a pool: the gift monkey's launch, asked for by hand. */
	LAUNCH(Action.LAUNCH, EnumSet.noneOf(NodeState.class));

	private final Action proposed;

	private final Set<NodeState> allowedFrom;

	OperatorAction(Action proposed, Set<NodeState> allowedFrom) {
		this.proposed = proposed;
		this.allowedFrom = allowedFrom;
	}

	/** The proposal the guard rails judge. */
	public Action proposed() {
		return this.proposed;
	}

	/** Whether it is about a node (all but a launch, which is about a pool). */
	public boolean onNode() {
		return this != LAUNCH;
	}

	/** The states a node may be in for this action. */
	public Set<NodeState> allowedFrom() {
		return this.allowedFrom;
	}

	/** The action as the API and the events spell it. */
	public String word() {
		return name().toLowerCase(Locale.ROOT);
	}

}

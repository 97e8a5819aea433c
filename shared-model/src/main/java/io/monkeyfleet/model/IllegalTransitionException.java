package io.monkeyfleet.model;

/** A lifecycle transition that the table in {@link NodeState} does not allow. */
public class IllegalTransitionException extends IllegalStateException {

	private final NodeState from;

	private final NodeState to;

	public IllegalTransitionException(String nodeId, NodeState from, NodeState to) {
		super("node '" + nodeId + "' cannot move from " + from + " to " + to + " (allowed from " + from + ": "
				+ (from.allowedTargets().isEmpty() ? "none" : from.allowedTargets()) + ")");
		this.from = from;
		this.to = to;
	}

	public NodeState from() {
		return this.from;
	}

	public NodeState to() {
		return this.to;
	}

}

package io.monkeyfleet.model;

import java.time.Instant;

/**
 * A node's lifecycle state as stored. {@code version} grows by one with every transition,
 * so a compare-and-set on (state, version) fails when anything moved the node meanwhile,
 * even if it came back to the same state.
 *
 * @param state the lifecycle state
 * @param version 1 when registered, then one more per transition
 * @param since when the node entered this state
 * @param reason why it did, in words an operator reads
 */
public record NodeStatus(NodeState state, long version, Instant since, String reason) {

	public NodeStatus {
		Require.present(state, "state");
		if (version < 1) {
			throw new IllegalArgumentException("state version must be at least 1, was " + version);
		}
		Require.present(since, "state since");
		Require.text(reason, "state reason", 1000);
	}

	/** The status an agent's registration creates. */
	public static NodeStatus joining(Instant now) {
		return new NodeStatus(NodeState.JOINING, 1, now, "registered by its agent");
	}

	/**
	 * The status after moving to {@code target}.
	 * @throws IllegalTransitionException when the transition table does not allow it
	 */
	public NodeStatus moveTo(String nodeId, NodeState target, Instant now, String reason) {
		if (!this.state.canMoveTo(target)) {
			throw new IllegalTransitionException(nodeId, this.state, target);
		}
		return new NodeStatus(target, this.version + 1, now, reason);
	}

}

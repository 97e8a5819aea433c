package io.monkeyfleet.store;

import java.util.Optional;

import io.monkeyfleet.model.NodeStatus;

/** How a compare-and-set of a node's lifecycle state ended. */
public sealed interface TransitionResult {

	/** Whether the node is now in the requested state. */
	default boolean applied() {
		return this instanceof Applied;
	}

	/** The transition was made; {@code status} is what is stored now. */
	record Applied(NodeStatus status) implements TransitionResult {
	}

	/**
	 * Something moved the node since the caller read it: nothing was written.
	 * {@code current} is what is stored now, or empty if that could not be read as a
	 * valid status.
	 */
	record Conflict(Optional<NodeStatus> current) implements TransitionResult {
	}

	/** The node has no lifecycle state: it was never registered, or was removed. */
	record NotFound() implements TransitionResult {
	}

}

package io.monkeyfleet.monkey.admin;

import java.time.Instant;
import java.util.Objects;

/**
 * An operator's action on a node (or, for a launch, a pool), queued in Redis for the
 * leader to judge and carry out.
 *
 * @param id unique; the verdict is kept under it
 * @param action what was asked
 * @param nodeId the node; {@code null} for a launch
 * @param pool its pool when asked
 * @param reason the operator's words, or a default
 * @param operator who asked (the user or token name)
 * @param requestedAt when
 */
public record OperatorRequest(String id, OperatorAction action, String nodeId, String pool, String reason,
		String operator, Instant requestedAt) {

	public OperatorRequest {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(action, "action");
		if (nodeId == null && action.onNode()) {
			throw new IllegalArgumentException("a " + action.word() + " needs a node");
		}
		Objects.requireNonNull(pool, "pool");
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(operator, "operator");
		Objects.requireNonNull(requestedAt, "requestedAt");
	}

	/** The actor named in events: {@code operator:alice}. */
	public String actor() {
		return "operator:" + this.operator;
	}

}

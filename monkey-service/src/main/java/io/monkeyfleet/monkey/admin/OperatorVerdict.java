package io.monkeyfleet.monkey.admin;

import java.time.Instant;

import io.monkeyfleet.model.NodeState;

/**
 * What became of an operator request.
 *
 * @param requestId the request
 * @param action what was asked
 * @param nodeId the node; {@code null} for a launch
 * @param pool the pool
 * @param operator who asked
 * @param status pending until the leader decides, then carried out or refused
 * @param guard the guard rail (or check) that refused it; {@code null} otherwise
 * @param why in words an operator reads
 * @param state the node's state after the decision; {@code null} while pending, for a
 * launch, or if unknown
 * @param workflowId the workflow that carries it on (reboot, release, launch, terminate);
 * {@code null} otherwise
 * @param decidedAt when the leader decided; {@code null} while pending
 * @param decidedBy the replica that decided; {@code null} while pending
 */
public record OperatorVerdict(String requestId, OperatorAction action, String nodeId, String pool, String operator,
		Status status, String guard, String why, NodeState state, String workflowId, Instant decidedAt,
		String decidedBy) {

	public enum Status {

		/** Queued; the leader has not decided yet. */
		PENDING,
		/** Done, or started (a workflow carries it on). */
		CARRIED_OUT,
		/** Not done; {@code guard} says which rule refused. */
		REFUSED

	}

	static OperatorVerdict pending(OperatorRequest request) {
		return new OperatorVerdict(request.id(), request.action(), request.nodeId(), request.pool(), request.operator(),
				Status.PENDING, null, "waiting for the acting monkey-service replica to take it", null, null, null,
				null);
	}

	static OperatorVerdict carriedOut(OperatorRequest request, String why, NodeState state, String workflowId,
			Instant at, String replica) {
		return new OperatorVerdict(request.id(), request.action(), request.nodeId(), request.pool(), request.operator(),
				Status.CARRIED_OUT, null, why, state, workflowId, at, replica);
	}

	static OperatorVerdict refused(OperatorRequest request, String guard, String why, NodeState state, Instant at,
			String replica) {
		return new OperatorVerdict(request.id(), request.action(), request.nodeId(), request.pool(), request.operator(),
				Status.REFUSED, guard, why, state, null, at, replica);
	}

}

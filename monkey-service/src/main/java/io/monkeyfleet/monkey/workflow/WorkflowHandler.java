package io.monkeyfleet.monkey.workflow;

import java.util.Optional;

import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.rules.Monkey;

/**
 * Moves one monkey's workflows on, one step per tick. Every step must be safe to repeat:
 * the workflow is saved after each one and side effects carry idempotency keys, so a
 * monkey-service that dies anywhere in a step carries on without doing anything twice.
 */
public interface WorkflowHandler {

	Monkey monkey();

	/**
	 * Moves the workflow on by at most one step.
	 * @return the workflow as it is now, or empty when it ended
	 */
	Optional<FleetWorkflow> advance(FleetWorkflow workflow, FleetView view, long fencingToken, Judge judge);

	/**
	 * Whether the workflow now keeps a node out of rotation, counting against the
	 * fleet-wide limit of remediations in flight.
	 */
	default boolean holdsNodeOut(FleetWorkflow workflow) {
		return false;
	}

	/**
	 * The guard rails' verdict on a step a workflow is about to take (a rolling restart's
	 * next node): whether it may go ahead now.
	 */
	@FunctionalInterface
	interface Judge {

		io.monkeyfleet.monkey.guard.Verdict judge(io.monkeyfleet.monkey.rules.Proposal proposal);

	}

}

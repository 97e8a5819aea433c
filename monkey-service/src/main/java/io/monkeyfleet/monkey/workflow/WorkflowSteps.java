package io.monkeyfleet.monkey.workflow;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.TransitionResult;

/**
 * What every fleet workflow's steps do to the fleet: move a node between states (a move
 * to where the node already is counts as done, so a repeated step is harmless) and record
 * each step as an event.
 */
public class WorkflowSteps {

	private final FleetStore store;

	public WorkflowSteps(FleetStore store) {
		this.store = store;
	}

	public FleetStore store() {
		return this.store;
	}

	/**
	 * Moves the node unless it is already there.
	 * @return false if the node is gone or somewhere else entirely
	 */
	public boolean move(FleetWorkflow workflow, String nodeId, NodeState from, NodeState to, String reason,
			Map<String, String> evidence) {
		Optional<NodeStatus> current = this.store.status(nodeId);
		if (current.isEmpty()) {
			return false;
		}
		if (current.get().state() == to) {
			return true;
		}
		if (current.get().state() != from) {
			return false;
		}
		Map<String, String> withWorkflow = new LinkedHashMap<>(evidence);
		withWorkflow.put("workflow", workflow.id());
		TransitionResult result = this.store.transition(nodeId, current.get(), to, reason, actor(workflow),
				withWorkflow);
		return result.applied();
	}

	/** Records a step of the workflow as an event. */
	public void step(FleetWorkflow workflow, Instant now, String what) {
		Map<String, String> evidence = new LinkedHashMap<>();
		evidence.put("workflow", workflow.id());
		evidence.put("step", workflow.step());
		evidence.put("workflowReason", workflow.reason());
		evidence.putAll(workflow.facts());
		this.store.appendEvent(new FleetEvent(now, EventType.WORKFLOW_STEP, workflow.nodeId(), workflow.pool(), what,
				evidence, actor(workflow)));
	}

	public static String actor(FleetWorkflow workflow) {
		return "monkey:" + workflow.monkey().id();
	}

}

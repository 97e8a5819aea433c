package io.monkeyfleet.monkey.scaling;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.alerts.Alert;
import io.monkeyfleet.monkey.alerts.Alerts;
import io.monkeyfleet.monkey.alerts.Severity;
import io.monkeyfleet.monkey.cloud.CloudProvider;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.fleet.LaunchedHost;
import io.monkeyfleet.monkey.rules.Monkey;
import io.monkeyfleet.monkey.workflow.Drain;
import io.monkeyfleet.monkey.workflow.FleetWorkflow;
import io.monkeyfleet.monkey.workflow.FleetWorkflowStore;
import io.monkeyfleet.monkey.workflow.WorkflowHandler;
import io.monkeyfleet.monkey.workflow.WorkflowSteps;

/**
 * Scale-in: {@code ACTIVE → DRAINING} (until no gateway has a request in flight to the
 * node, or the drain timeout) {@code → TERMINATING} (the cloud terminates the host, under
 * an idempotency key) {@code →} the node's keys are deleted. A termination that fails or
 * takes too long leaves the node TERMINATING (it gets no traffic) and alerts an operator.
 */
public final class ScaleInWorkflow implements WorkflowHandler {

	static final String START = "START";

	static final String DRAINING = "DRAINING";

	static final String TERMINATING = "TERMINATING";

	private final CloudProvider cloud;

	private final FleetWorkflowStore store;

	private final WorkflowSteps steps;

	private final Alerts alerts;

	private final Supplier<ScalingPolicy> policy;

	public ScaleInWorkflow(CloudProvider cloud, FleetWorkflowStore store, WorkflowSteps steps, Alerts alerts,
			Supplier<ScalingPolicy> policy) {
		this.cloud = cloud;
		this.store = store;
		this.steps = steps;
		this.alerts = alerts;
		this.policy = policy;
	}

	@Override
	public Monkey monkey() {
		return Monkey.SCALE_IN;
	}

	public static FleetWorkflow workflow(String pool, String nodeId, Instant now, String reason,
			Map<String, String> evidence) {
		return FleetWorkflow.start(Monkey.SCALE_IN, pool, nodeId, START, now, reason, evidence);
	}

	@Override
	public boolean holdsNodeOut(FleetWorkflow workflow) {
		return true;
	}

	@Override
	public Optional<FleetWorkflow> advance(FleetWorkflow workflow, FleetView view, long fencingToken, Judge judge) {
		Instant now = view.now();
		return switch (workflow.step()) {
			case START -> {
				if (!this.steps.move(workflow, workflow.nodeId(), NodeState.ACTIVE, NodeState.DRAINING,
						"scale-in: " + workflow.reason(), workflow.evidence())) {
					this.steps.step(workflow, now, "scale-in abandoned: the node is " + view.stateOf(workflow.nodeId())
							+ " (moved by someone else)");
					yield Optional.empty();
				}
				FleetWorkflow draining = workflow.at(DRAINING, now);
				this.steps.step(draining, now, "draining before termination");
				yield Optional.of(draining);
			}
			case DRAINING -> drain(workflow, view, fencingToken);
			case TERMINATING -> awaitTermination(workflow, view);
			default -> Optional.of(workflow);
		};
	}

	private Optional<FleetWorkflow> drain(FleetWorkflow workflow, FleetView view, long fencingToken) {
		Instant now = view.now();
		Drain drain = Drain.of(view, workflow.nodeId(), workflow.stepSince(), this.policy.get().drainTimeout());
		if (!drain.done()) {
			return Optional.of(workflow);
		}
		if (!this.steps.move(workflow, workflow.nodeId(), NodeState.DRAINING, NodeState.TERMINATING,
				"scale-in: " + drain.how(), Map.of())) {
			this.steps.step(workflow, now, "scale-in abandoned: the node is " + view.stateOf(workflow.nodeId()));
			return Optional.empty();
		}
		LaunchedHost host = view.launched().get(workflow.nodeId());
		String operation = this.cloud.terminate(new CloudProvider.TerminateRequest(workflow.nodeId(),
				(host != null) ? host.instanceId() : null, workflow.key("terminate"), workflow.reason(), fencingToken));
		FleetWorkflow terminating = workflow.with("terminateOperation", operation).at(TERMINATING, now);
		this.steps.step(terminating, now, drain.how() + "; terminating through " + this.cloud.name());
		return Optional.of(terminating);
	}

	private Optional<FleetWorkflow> awaitTermination(FleetWorkflow workflow, FleetView view) {
		Instant now = view.now();
		CloudProvider.Progress progress = this.cloud.terminationProgress(workflow.fact("terminateOperation"));
		if (progress.state() == CloudProvider.Progress.State.SUCCEEDED) {
			this.steps.store()
				.removeNode(workflow.nodeId(), "scaled in: " + workflow.reason(), WorkflowSteps.actor(workflow));
			this.store.forgetLaunched(workflow.nodeId());
			this.steps.step(workflow, now, "terminated and removed from the fleet");
			this.alerts.raise(new Alert(now, Severity.INFO, "node-scaled-in", workflow.pool(), workflow.nodeId(),
					"Node " + workflow.nodeId() + " was drained and terminated: " + workflow.reason(),
					workflow.evidence()));
			return Optional.empty();
		}
		boolean timedOut = !now.isBefore(workflow.stepSince().plus(this.policy.get().terminateTimeout()));
		if (progress.state() == CloudProvider.Progress.State.FAILED || timedOut) {
			String what = "terminating node " + workflow.nodeId() + " "
					+ (timedOut ? "did not finish in time" : "failed: " + progress.detail())
					+ "; it stays TERMINATING (no traffic) for an operator";
			this.steps.step(workflow, now, what);
			this.alerts.raise(new Alert(now, Severity.WARNING, "terminate-failed", workflow.pool(), workflow.nodeId(),
					what, workflow.facts()));
			return Optional.empty();
		}
		return Optional.of(workflow);
	}

}

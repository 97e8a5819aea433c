package io.monkeyfleet.monkey.scaling;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.alerts.Alert;
import io.monkeyfleet.monkey.alerts.Alerts;
import io.monkeyfleet.monkey.alerts.Severity;
import io.monkeyfleet.monkey.cloud.CloudException;
import io.monkeyfleet.monkey.cloud.CloudProvider;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.fleet.LaunchedHost;
import io.monkeyfleet.monkey.rules.Monkey;
import io.monkeyfleet.monkey.workflow.FleetWorkflow;
import io.monkeyfleet.monkey.workflow.FleetWorkflowStore;
import io.monkeyfleet.monkey.workflow.WorkflowHandler;
import io.monkeyfleet.monkey.workflow.WorkflowSteps;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gift monkey's launch: {@code LAUNCHING} (one call to the cloud, under an
 * idempotency key) {@code → JOINING} (until the new host's agent has registered its node
 * and the admission rule made it ACTIVE) — or, when it never joins within the join
 * timeout or the launch failed, {@code → TERMINATING} the host it got, and an alert.
 */
public final class LaunchWorkflow implements WorkflowHandler {

	private static final Logger logger = LoggerFactory.getLogger(LaunchWorkflow.class);

	static final String LAUNCHING = "LAUNCHING";

	static final String JOINING = "JOINING";

	static final String TERMINATING = "TERMINATING";

	private final CloudProvider cloud;

	private final FleetWorkflowStore store;

	private final WorkflowSteps steps;

	private final Alerts alerts;

	private final Supplier<ScalingPolicy> policy;

	public LaunchWorkflow(CloudProvider cloud, FleetWorkflowStore store, WorkflowSteps steps, Alerts alerts,
			Supplier<ScalingPolicy> policy) {
		this.cloud = cloud;
		this.store = store;
		this.steps = steps;
		this.alerts = alerts;
		this.policy = policy;
	}

	@Override
	public Monkey monkey() {
		return Monkey.GIFT;
	}

	/** A new launch for the pool, to be started by {@code FleetWorkflows}. */
	public static FleetWorkflow workflow(String pool, Instant now, String reason, Map<String, String> evidence) {
		return FleetWorkflow.start(Monkey.GIFT, pool, null, LAUNCHING, now, reason, evidence);
	}

	@Override
	public Optional<FleetWorkflow> advance(FleetWorkflow workflow, FleetView view, long fencingToken, Judge judge) {
		return switch (workflow.step()) {
			case LAUNCHING -> launch(workflow, view, fencingToken);
			case JOINING -> awaitJoin(workflow, view, fencingToken);
			case TERMINATING -> awaitTermination(workflow, view);
			default -> Optional.of(workflow);
		};
	}

	private Optional<FleetWorkflow> launch(FleetWorkflow workflow, FleetView view, long fencingToken) {
		Instant now = view.now();
		CloudProvider.Launch launch;
		try {
			launch = this.cloud.launch(new CloudProvider.LaunchRequest(workflow.pool(), workflow.key("launch"),
					workflow.reason(), fencingToken));
		}
		catch (CloudException ex) {
			if (ex.unanswered()) {
				// Asked, or about to be, with this workflow's idempotency key: giving
				// up now and launching again later could launch twice.
				logger.info("Launch for pool {} waits for the provider's answer: {}", workflow.pool(), ex.getMessage());
				return Optional.of(workflow);
			}
			this.steps.step(workflow, now, "launch failed: " + ex.getMessage());
			alert(workflow, now, "launch-failed",
					"Launching a node for pool " + workflow.pool() + " failed: " + ex.getMessage());
			return Optional.empty();
		}
		this.store.recordLaunched(
				new LaunchedHost(launch.hostId(), workflow.pool(), launch.instanceId(), this.cloud.name(), now));
		FleetWorkflow joining = workflow.with("hostId", launch.hostId())
			.with("operationId", launch.operationId())
			.with("provider", this.cloud.name())
			.onNode(launch.hostId())
			.at(JOINING, now);
		if (launch.instanceId() != null) {
			joining = joining.with("instanceId", launch.instanceId());
		}
		this.steps.step(joining, now, "launching host " + launch.hostId() + " through " + this.cloud.name()
				+ " (operation " + launch.operationId() + "): " + workflow.reason());
		return Optional.of(joining);
	}

	private Optional<FleetWorkflow> awaitJoin(FleetWorkflow workflow, FleetView view, long fencingToken) {
		Instant now = view.now();
		Optional<Node> node = nodeOf(workflow, view);
		if (node.isPresent() && view.stateOf(node.get().id()) == NodeState.ACTIVE) {
			long seconds = Duration.between(workflow.startedAt(), now).toSeconds();
			this.steps.step(workflow, now,
					"node " + node.get().id() + " joined and is ACTIVE, " + seconds + " s after the launch started");
			this.alerts.raise(new Alert(
					now, Severity.INFO, "node-launched", workflow.pool(), node.get().id(), "Node " + node.get().id()
							+ " was launched for pool " + workflow.pool() + " and is serving: " + workflow.reason(),
					workflow.evidence()));
			return Optional.empty();
		}
		CloudProvider.Progress progress = this.cloud.launchProgress(launch(workflow));
		if (progress.state() == CloudProvider.Progress.State.FAILED) {
			return terminate(workflow, view, fencingToken, "the launch failed (" + progress.detail() + ")");
		}
		if (!now.isBefore(workflow.startedAt().plus(this.policy.get().joinTimeout()))) {
			return terminate(workflow, view, fencingToken,
					"its node was not ACTIVE within the join timeout of " + this.policy.get().joinTimeout().toSeconds()
							+ " s (" + node.map((n) -> "it is " + view.stateOf(n.id())).orElse("no agent registered it")
							+ ")");
		}
		return Optional.of(workflow);
	}

	private Optional<FleetWorkflow> terminate(FleetWorkflow workflow, FleetView view, long fencingToken, String why) {
		Instant now = view.now();
		String hostId = workflow.fact("hostId");
		String operation = this.cloud.terminate(new CloudProvider.TerminateRequest(hostId, workflow.fact("instanceId"),
				workflow.key("terminate"), "never joined: " + why, fencingToken));
		FleetWorkflow terminating = workflow.with("terminateOperation", operation)
			.with("failure", why)
			.at(TERMINATING, now);
		this.steps.step(terminating, now, "terminating host " + hostId + ": " + why);
		alert(workflow, now, "launch-never-joined",
				"Host " + hostId + " launched for pool " + workflow.pool() + " is being terminated: " + why);
		return Optional.of(terminating);
	}

	private Optional<FleetWorkflow> awaitTermination(FleetWorkflow workflow, FleetView view) {
		Instant now = view.now();
		String hostId = workflow.fact("hostId");
		CloudProvider.Progress progress = this.cloud.terminationProgress(workflow.fact("terminateOperation"));
		if (progress.state() == CloudProvider.Progress.State.SUCCEEDED) {
			this.store.forgetLaunched(hostId);
			if (view.snapshot().nodes().containsKey(hostId)) {
				this.steps.store().removeNode(hostId, "terminated: it never joined", WorkflowSteps.actor(workflow));
			}
			this.steps.step(workflow, now, "host " + hostId + " terminated");
			return Optional.empty();
		}
		boolean timedOut = !now.isBefore(workflow.stepSince().plus(this.policy.get().terminateTimeout()));
		if (progress.state() == CloudProvider.Progress.State.FAILED || timedOut) {
			String what = "terminating host " + hostId + " "
					+ (timedOut ? "did not finish in time" : "failed: " + progress.detail())
					+ "; an operator must remove it";
			this.steps.step(workflow, now, what);
			alert(workflow, now, "terminate-failed", what);
			return Optional.empty();
		}
		return Optional.of(workflow);
	}

	private static Optional<Node> nodeOf(FleetWorkflow workflow, FleetView view) {
		String hostId = workflow.fact("hostId");
		String instanceId = workflow.fact("instanceId");
		Node byId = view.snapshot().nodes().get(hostId);
		if (byId != null) {
			return Optional.of(byId);
		}
		return view.snapshot()
			.nodes()
			.values()
			.stream()
			.filter((node) -> instanceId != null && instanceId.equals(node.instanceId()))
			.findFirst();
	}

	private static CloudProvider.Launch launch(FleetWorkflow workflow) {
		return new CloudProvider.Launch(workflow.fact("operationId"), workflow.fact("hostId"),
				workflow.fact("instanceId"));
	}

	private void alert(FleetWorkflow workflow, Instant now, String kind, String summary) {
		this.alerts.raise(
				new Alert(now, Severity.WARNING, kind, workflow.pool(), workflow.nodeId(), summary, workflow.facts()));
	}

}

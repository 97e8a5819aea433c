package io.monkeyfleet.monkey.migration;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.monkey.alerts.Alert;
import io.monkeyfleet.monkey.alerts.Alerts;
import io.monkeyfleet.monkey.alerts.Severity;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.guard.GuardRails;
import io.monkeyfleet.monkey.provisioning.Provisioner;
import io.monkeyfleet.monkey.provisioning.ProvisionerException;
import io.monkeyfleet.monkey.rules.DoctorPolicy;
import io.monkeyfleet.monkey.rules.Evidence;
import io.monkeyfleet.monkey.rules.HealthyStreak;
import io.monkeyfleet.monkey.rules.Monkey;
import io.monkeyfleet.monkey.workflow.Drain;
import io.monkeyfleet.monkey.workflow.FleetWorkflow;
import io.monkeyfleet.monkey.workflow.FleetWorkflows;
import io.monkeyfleet.monkey.workflow.WorkflowHandler;
import io.monkeyfleet.monkey.workflow.WorkflowSteps;

/**
 * Hands a node's service to a standby host: {@code START} (the provisioner's migrate job:
 * copy, install, start on the target, await its health)
 * {@code → COPYING → AWAITING_TARGET} (until the target's agent shows K consecutive
 * healthy samples) {@code → the switch}: the target becomes ACTIVE and leaves the pool's
 * standby hosts, the source becomes MIGRATING (out of rotation) and joins them
 * {@code → DRAINING → REBOOTING} the old host, which comes back as a standby. Until the
 * switch the source keeps serving: a migration that fails or times out before it leaves
 * traffic where it was and alerts.
 */
public final class MigrationWorkflow implements WorkflowHandler {

	static final String START = "START";

	static final String COPYING = "COPYING";

	static final String AWAITING_TARGET = "AWAITING_TARGET";

	static final String DRAINING = "DRAINING";

	static final String REBOOTING = "REBOOTING";

	private final Provisioner provisioner;

	private final WorkflowSteps steps;

	private final Alerts alerts;

	private final Supplier<MigrationPolicy> policy;

	private final Function<String, DoctorPolicy> doctorPolicy;

	public MigrationWorkflow(Provisioner provisioner, WorkflowSteps steps, Alerts alerts,
			Supplier<MigrationPolicy> policy, Function<String, DoctorPolicy> doctorPolicy) {
		this.provisioner = provisioner;
		this.steps = steps;
		this.alerts = alerts;
		this.policy = policy;
		this.doctorPolicy = doctorPolicy;
	}

	@Override
	public Monkey monkey() {
		return Monkey.MIGRATION;
	}

	public static FleetWorkflow workflow(String pool, String nodeId, String target, Instant now, String reason,
			Map<String, String> evidence) {
		return FleetWorkflow.start(Monkey.MIGRATION, pool, nodeId, START, now, reason, evidence).with("target", target);
	}

	@Override
	public boolean holdsNodeOut(FleetWorkflow workflow) {
		return workflow.step().equals(DRAINING);
	}

	@Override
	public Optional<FleetWorkflow> advance(FleetWorkflow workflow, FleetView view, long fencingToken, Judge judge) {
		Instant now = view.now();
		boolean beforeSwitch = List.of(START, COPYING, AWAITING_TARGET).contains(workflow.step());
		if (beforeSwitch && !now.isBefore(workflow.startedAt().plus(this.policy.get().targetTimeout()))) {
			return abandon(workflow, now, "the target was not serving and healthy within "
					+ this.policy.get().targetTimeout().toSeconds() + " s");
		}
		if (beforeSwitch && view.stateOf(workflow.nodeId()) != NodeState.ACTIVE) {
			return abandon(workflow, now, "the source is " + view.stateOf(workflow.nodeId()) + " now");
		}
		return switch (workflow.step()) {
			case START -> startJob(workflow, view, fencingToken);
			case COPYING -> awaitJob(workflow, now);
			case AWAITING_TARGET -> awaitTarget(workflow, view);
			case DRAINING -> drain(workflow, view, fencingToken);
			case REBOOTING -> awaitReboot(workflow, view);
			default -> Optional.of(workflow);
		};
	}

	private Optional<FleetWorkflow> startJob(FleetWorkflow workflow, FleetView view, long fencingToken) {
		Instant now = view.now();
		Node source = view.snapshot().nodes().get(workflow.nodeId());
		String target = workflow.fact("target");
		String jobId;
		try {
			jobId = this.provisioner.migrate(GuardRails.hostOf(source), target, fencingToken, workflow.key("migrate"),
					workflow.reason());
		}
		catch (ProvisionerException ex) {
			if (ex.staleFencingToken() || ex.unanswered()) {
				// Stale: this replica stops. Unanswered: the same step again next tick.
				throw ex;
			}
			return abandon(workflow, now, "the provisioner refused the migration: " + ex.getMessage());
		}
		FleetWorkflow copying = workflow.with("sourceHost", GuardRails.hostOf(source))
			.with("migrateJob", jobId)
			.at(COPYING, now);
		this.steps.step(copying, now, "moving the service to standby host " + target + " (job " + jobId + ")");
		return Optional.of(copying);
	}

	private Optional<FleetWorkflow> awaitJob(FleetWorkflow workflow, Instant now) {
		return switch (this.provisioner.job(workflow.fact("migrateJob"))) {
			case RUNNING -> Optional.of(workflow);
			case FAILED -> abandon(workflow, now,
					"the migrate job " + workflow.fact("migrateJob") + " failed (the target did not start healthy)");
			case SUCCEEDED -> {
				FleetWorkflow awaiting = workflow.at(AWAITING_TARGET, now);
				this.steps.step(awaiting, now,
						"the service runs on " + workflow.fact("target") + "; waiting for its agent's healthy samples");
				yield Optional.of(awaiting);
			}
		};
	}

	private Optional<FleetWorkflow> awaitTarget(FleetWorkflow workflow, FleetView view) {
		Instant now = view.now();
		String target = workflow.fact("target");
		Optional<Node> targetNode = view.snapshot()
			.nodes()
			.values()
			.stream()
			.filter((node) -> GuardRails.hostOf(node).equals(target))
			.findFirst();
		Optional<List<MetricsSample>> streak = targetNode.flatMap((node) -> HealthyStreak.of(view.history(), node.id(),
				workflow.stepSince(), now, this.doctorPolicy.apply(workflow.pool())));
		if (streak.isEmpty()) {
			return Optional.of(workflow);
		}
		// The switch: the pool's standby list first, so that the target is no longer
		// a standby when it is admitted, and the source is one before it leaves.
		Pool pool = view.snapshot().pools().get(workflow.pool());
		String sourceHost = workflow.fact("sourceHost");
		if (pool != null) {
			List<String> standby = new ArrayList<>(pool.standbyHosts());
			standby.remove(target);
			if (!standby.contains(sourceHost)) {
				standby.add(sourceHost);
			}
			this.steps.store()
				.savePool(new Pool(pool.name(), pool.minSize(), pool.maxSize(), standby),
						WorkflowSteps.actor(workflow));
		}
		String targetId = targetNode.get().id();
		FleetWorkflow switching = workflow.with(FleetWorkflows.TARGET_NODE, targetId);
		if (!this.steps.move(switching, targetId, NodeState.JOINING, NodeState.ACTIVE,
				"migration target admitted: " + streak.get().size() + " consecutive healthy samples",
				Evidence.of(streak.get()))) {
			return abandon(workflow, now, "the target node " + targetId + " is " + view.stateOf(targetId));
		}
		this.steps.move(switching, workflow.nodeId(), NodeState.ACTIVE, NodeState.MIGRATING,
				"service handed to " + targetId + ": " + workflow.reason(), workflow.evidence());
		FleetWorkflow draining = switching.at(DRAINING, now);
		this.steps.step(draining, now, "switched: " + targetId + " serves, " + workflow.nodeId() + " drains");
		return Optional.of(draining);
	}

	private Optional<FleetWorkflow> drain(FleetWorkflow workflow, FleetView view, long fencingToken) {
		Instant now = view.now();
		Drain drain = Drain.of(view, workflow.nodeId(), workflow.stepSince(), this.policy.get().drainTimeout());
		if (!drain.done()) {
			return Optional.of(workflow);
		}
		String jobId = this.provisioner.reboot(workflow.fact("sourceHost"), fencingToken, workflow.key("reboot"),
				"migrated away (" + workflow.reason() + "); rebooting to serve as a standby");
		this.steps.move(workflow, workflow.nodeId(), NodeState.MIGRATING, NodeState.REBOOTING,
				drain.how() + "; reboot job " + jobId, Map.of("job", jobId));
		FleetWorkflow rebooting = workflow.with("rebootJob", jobId).at(REBOOTING, now);
		this.steps.step(rebooting, now, drain.how() + "; rebooting the old host (job " + jobId + ")");
		return Optional.of(rebooting);
	}

	private Optional<FleetWorkflow> awaitReboot(FleetWorkflow workflow, FleetView view) {
		Instant now = view.now();
		Provisioner.JobState job = this.provisioner.job(workflow.fact("rebootJob"));
		boolean timedOut = !now.isBefore(workflow.stepSince().plus(this.policy.get().rebootTimeout()));
		if (job == Provisioner.JobState.RUNNING && !timedOut) {
			return Optional.of(workflow);
		}
		// The old node leaves the fleet either way: its host is a standby now, and its
		// agent, if it comes back, registers it as a standby's node, never admitted.
		this.steps.store()
			.removeNode(workflow.nodeId(),
					"migrated to " + workflow.fact(FleetWorkflows.TARGET_NODE) + "; its host is a standby now",
					WorkflowSteps.actor(workflow));
		String outcome = (job == Provisioner.JobState.SUCCEEDED) ? "rebooted"
				: "reboot " + (timedOut ? "did not finish in time" : "failed");
		this.steps.step(workflow, now, "migration done: " + workflow.fact(FleetWorkflows.TARGET_NODE)
				+ " serves; old host " + workflow.fact("sourceHost") + " " + outcome + " and is a standby");
		this.alerts.raise(new Alert(now, (job == Provisioner.JobState.SUCCEEDED) ? Severity.INFO : Severity.WARNING,
				"node-migrated", workflow.pool(), workflow.nodeId(),
				"Node " + workflow.nodeId() + "'s service moved to " + workflow.fact(FleetWorkflows.TARGET_NODE) + " ("
						+ workflow.reason() + "); old host " + outcome,
				workflow.facts()));
		return Optional.empty();
	}

	private Optional<FleetWorkflow> abandon(FleetWorkflow workflow, Instant now, String why) {
		this.steps.step(workflow, now, "migration abandoned, traffic stays on " + workflow.nodeId() + ": " + why);
		this.alerts.raise(new Alert(now, Severity.WARNING, "migration-failed", workflow.pool(), workflow.nodeId(),
				"Migrating node " + workflow.nodeId() + " to " + workflow.fact("target") + " failed; traffic stays on "
						+ workflow.nodeId() + ": " + why,
				workflow.facts()));
		return Optional.empty();
	}

}

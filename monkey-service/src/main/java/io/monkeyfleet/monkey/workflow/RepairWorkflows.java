package io.monkeyfleet.monkey.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.monkey.alerts.Alert;
import io.monkeyfleet.monkey.alerts.Alerts;
import io.monkeyfleet.monkey.alerts.Severity;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.guard.RepairBudget;
import io.monkeyfleet.monkey.provisioning.Provisioner;
import io.monkeyfleet.monkey.provisioning.ProvisionerException;
import io.monkeyfleet.monkey.rules.DoctorPolicy;
import io.monkeyfleet.monkey.rules.Evidence;
import io.monkeyfleet.monkey.rules.HealthyStreak;
import io.monkeyfleet.monkey.rules.Proposal;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.TransitionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the doctor's repairs, one step per tick: {@code ACTIVE → DRAINING} (until
 * the gateways report no request in flight, or the drain timeout) {@code → REBOOTING} (a
 * provisioner job, carrying the fencing token) {@code → RECOVERING} (until K consecutive
 * healthy samples) {@code → ACTIVE}. A failed or timed-out step is retried after the
 * repair budget's backoff; past the budget the node is quarantined and an operator
 * alerted.
 *
 * <p>
 * Every step is safe to repeat: the workflow is saved after each one, a reboot is asked
 * for with an idempotency key (asking again returns the same job), and a transition to
 * the state the node is already in counts as done. So a monkey-service that dies anywhere
 * in a step, or a new leader, carries on without a second reboot.
 */
public class RepairWorkflows {

	private static final Logger logger = LoggerFactory.getLogger(RepairWorkflows.class);

	static final String ACTOR = "monkey:doctor";

	/**
	 * The node label naming the node's host in the provisioner's inventory; else the node
	 * id.
	 */
	public static final String HOST_LABEL = "host";

	private final FleetStore store;

	private final WorkflowStore workflows;

	private final Provisioner provisioner;

	private final Alerts alerts;

	private final java.util.function.Supplier<RepairSettings> settings;

	private final Function<String, DoctorPolicy> policyOfPool;

	public RepairWorkflows(FleetStore store, WorkflowStore workflows, Provisioner provisioner, Alerts alerts,
			java.util.function.Supplier<RepairSettings> settings, Function<String, DoctorPolicy> policyOfPool) {
		this.store = store;
		this.workflows = workflows;
		this.provisioner = provisioner;
		this.alerts = alerts;
		this.settings = settings;
		this.policyOfPool = policyOfPool;
	}

	public List<RepairWorkflow> inFlight() {
		return this.workflows.inFlight();
	}

	/** Repair starts within the budget's window, for the guard rails. */
	public List<Instant> repairStarts(String nodeId, Instant now) {
		return this.workflows.repairStarts(nodeId, now.minus(this.settings.get().budget().window()));
	}

	/**
	 * Starts a repair: takes the node out of rotation. Nothing happens if the node moved
	 * meanwhile.
	 */
	public Optional<RepairWorkflow> start(Proposal proposal, FleetView view) {
		RepairWorkflow workflow = RepairWorkflow.start(proposal.nodeId(), proposal.pool(), view.now(),
				proposal.reason(), proposal.evidence());
		// Written before the node moves: a leader that stops between the two (a crash, a
		// pause past its lease) leaves a workflow the next leader finds, and abandons if
		// the node never moved; the other order would leave a node DRAINING that no
		// workflow brings back.
		this.workflows.save(workflow);
		if (!move(workflow, NodeState.ACTIVE, NodeState.DRAINING, "repair: " + proposal.reason(),
				proposal.evidence())) {
			this.workflows.delete(workflow);
			return Optional.empty();
		}
		this.workflows.recordRepair(workflow.nodeId(), view.now());
		this.alerts.raise(new Alert(view.now(), Severity.WARNING, "repair-started", proposal.pool(), proposal.nodeId(),
				"Node " + proposal.nodeId() + " is being drained and rebooted: " + proposal.reason(),
				proposal.evidence()));
		return Optional.of(workflow);
	}

	/** Quarantines a node past its repair budget, from whatever state it is in. */
	public void quarantine(String nodeId, String pool, String why, Instant now) {
		this.store.status(nodeId).ifPresent((status) -> {
			if (status.state() != NodeState.QUARANTINED && status.state().canMoveTo(NodeState.QUARANTINED)) {
				this.store.transition(nodeId, status, NodeState.QUARANTINED, why, ACTOR, Map.of());
			}
		});
		this.alerts.raise(new Alert(now, Severity.CRITICAL, "node-quarantined", pool, nodeId,
				"Node " + nodeId + " quarantined: " + why, Map.of("pool", pool)));
	}

	/**
	 * Watches a node an operator released, now {@code RECOVERING}, as a repair's last
	 * step: re-admitted after K healthy samples, else rebooted within its budget, else
	 * quarantined again.
	 */
	public RepairWorkflow watchRecovery(String nodeId, String pool, Instant now, String reason,
			Map<String, String> evidence) {
		RepairWorkflow workflow = RepairWorkflow.watchingRecovery(nodeId, pool, now, reason, evidence);
		this.workflows.save(workflow);
		step(workflow, now, "released from quarantine; waiting for healthy samples");
		return workflow;
	}

	/** Moves every workflow in flight on by at most one step. */
	public void advanceAll(FleetView view, long fencingToken) {
		for (RepairWorkflow workflow : this.workflows.inFlight()) {
			try {
				advance(workflow, view, fencingToken);
			}
			catch (ProvisionerException ex) {
				if (ex.staleFencingToken()) {
					throw ex;
				}
				// The step is tried again next tick (the same idempotency key, so never
				// a second job); one workflow's trouble never stops the others, nor the
				// rules that run after them.
				logger.warn("Repair of {} ({}) waits for the provisioner: {}", workflow.nodeId(), workflow.step(),
						ex.getMessage());
			}
		}
	}

	void advance(RepairWorkflow workflow, FleetView view, long fencingToken) {
		Instant now = view.now();
		Optional<NodeStatus> status = this.store.status(workflow.nodeId());
		Optional<Node> node = Optional.ofNullable(view.snapshot().nodes().get(workflow.nodeId()));
		if (status.isEmpty() || node.isEmpty() || status.get().state() == NodeState.QUARANTINED
				|| status.get().state() == NodeState.TERMINATING) {
			step(workflow, now, "repair abandoned: the node is " + status.map((s) -> s.state().name()).orElse("gone")
					+ " (moved by someone else)");
			this.workflows.delete(workflow);
			return;
		}
		if (workflow.step() == RepairWorkflow.Step.DRAINING && status.get().state() == NodeState.ACTIVE) {
			// Saved, but the leader that saved it stopped before taking the node out of
			// rotation: nothing was done, and the doctor proposes it again if it is still
			// sick.
			step(workflow, now, "repair abandoned: the node never left rotation (its leader stopped first)");
			this.workflows.delete(workflow);
			return;
		}
		switch (workflow.step()) {
			case DRAINING -> drain(workflow, node.get(), view, fencingToken);
			case REBOOTING -> awaitReboot(workflow, node.get(), view, fencingToken);
			case RECOVERING -> awaitRecovery(workflow, node.get(), view, fencingToken);
		}
	}

	private void drain(RepairWorkflow workflow, Node node, FleetView view, long fencingToken) {
		Instant now = view.now();
		Optional<Integer> inFlight = view.traffic().inFlight(node.id());
		boolean drained = inFlight.map((count) -> count == 0).orElse(false);
		boolean timedOut = !now.isBefore(workflow.stepSince().plus(this.settings.get().drainTimeout()));
		if (!drained && !timedOut) {
			return;
		}
		String how = drained ? "drained: no request in flight at any gateway"
				: "drain timeout (" + this.settings.get().drainTimeout().toSeconds() + " s) passed with "
						+ inFlight.map((n) -> n + " request(s) in flight").orElse("no gateway report");
		reboot(workflow, node, 1, how, now, fencingToken);
	}

	private void reboot(RepairWorkflow workflow, Node node, int attempt, String why, Instant now, long fencingToken) {
		String jobId = this.provisioner.reboot(hostOf(node), fencingToken, workflow.rebootKey(attempt),
				workflow.reason());
		NodeState from = (workflow.step() == RepairWorkflow.Step.RECOVERING) ? NodeState.RECOVERING
				: (workflow.step() == RepairWorkflow.Step.DRAINING) ? NodeState.DRAINING : NodeState.REBOOTING;
		if (from != NodeState.REBOOTING) {
			move(workflow, from, NodeState.REBOOTING, why + "; reboot job " + jobId, Map.of("job", jobId));
		}
		this.workflows.save(workflow.rebooting(jobId, attempt, now));
		step(workflow, now, why + "; reboot asked of the provisioner (job " + jobId + ", attempt " + attempt + ")");
	}

	private void awaitReboot(RepairWorkflow workflow, Node node, FleetView view, long fencingToken) {
		Instant now = view.now();
		Provisioner.JobState job = this.provisioner.job(workflow.jobId());
		if (job == Provisioner.JobState.SUCCEEDED) {
			move(workflow, NodeState.REBOOTING, NodeState.RECOVERING, "reboot job " + workflow.jobId() + " finished",
					Map.of("job", workflow.jobId()));
			this.workflows.save(workflow.recovering(now));
			step(workflow, now, "rebooted; waiting for healthy samples");
		}
		else if (job == Provisioner.JobState.FAILED) {
			retryOrQuarantine(workflow, node, now, "reboot job " + workflow.jobId() + " failed", fencingToken);
		}
		else if (!now.isBefore(workflow.stepSince().plus(this.settings.get().rebootTimeout()))) {
			retryOrQuarantine(workflow, node, now, "reboot job " + workflow.jobId() + " still running after "
					+ this.settings.get().rebootTimeout().toSeconds() + " s", fencingToken);
		}
	}

	private void awaitRecovery(RepairWorkflow workflow, Node node, FleetView view, long fencingToken) {
		Instant now = view.now();
		DoctorPolicy policy = this.policyOfPool.apply(node.pool());
		Optional<List<MetricsSample>> streak = HealthyStreak.of(view.history(), node.id(), workflow.stepSince(), now,
				policy);
		if (streak.isPresent()) {
			move(workflow, NodeState.RECOVERING, NodeState.ACTIVE,
					"recovered: " + streak.get().size() + " consecutive healthy samples", Evidence.of(streak.get()));
			this.workflows.delete(workflow);
			step(workflow, now, "repair done in " + Duration.between(workflow.startedAt(), now).toSeconds() + " s");
		}
		else if (!now.isBefore(workflow.stepSince().plus(this.settings.get().recoveryTimeout()))) {
			retryOrQuarantine(workflow, node, now, "no " + policy.healthySamples() + " healthy samples within "
					+ this.settings.get().recoveryTimeout().toSeconds() + " s of the reboot", fencingToken);
		}
	}

	private void retryOrQuarantine(RepairWorkflow workflow, Node node, Instant now, String failure, long fencingToken) {
		RepairBudget.Standing standing = this.settings.get().budget().standing(repairStarts(node.id(), now), now);
		if (standing.kind() == RepairBudget.Standing.Kind.EXHAUSTED) {
			step(workflow, now, failure + "; repair budget spent (" + standing.repairsInWindow() + " within "
					+ this.settings.get().budget().window().toHours() + " h): quarantined");
			this.workflows.delete(workflow);
			quarantine(node.id(), node.pool(),
					failure + "; " + standing.repairsInWindow() + " repairs within the budget's window did not help",
					now);
		}
		else if (standing.kind() == RepairBudget.Standing.Kind.ALLOWED) {
			this.workflows.recordRepair(node.id(), now);
			reboot(workflow, node, workflow.attempt() + 1, failure + "; retrying", now, fencingToken);
		}
		// BACKOFF: the failure stays true; the retry happens on the first tick after the
		// backoff.
	}

	/**
	 * Moves the node unless it is already there; false if it is somewhere else entirely.
	 */
	private boolean move(RepairWorkflow workflow, NodeState from, NodeState to, String reason,
			Map<String, String> evidence) {
		Optional<NodeStatus> current = this.store.status(workflow.nodeId());
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
		TransitionResult result = this.store.transition(workflow.nodeId(), current.get(), to, reason, ACTOR,
				withWorkflow);
		return result.applied();
	}

	private void step(RepairWorkflow workflow, Instant now, String what) {
		Map<String, String> evidence = new LinkedHashMap<>();
		evidence.put("workflow", workflow.id());
		evidence.put("step", workflow.step().name());
		evidence.put("repairReason", workflow.reason());
		this.store.appendEvent(new FleetEvent(now, EventType.WORKFLOW_STEP, workflow.nodeId(), workflow.pool(), what,
				evidence, ACTOR));
	}

	static String hostOf(Node node) {
		return node.labels().getOrDefault(HOST_LABEL, node.id());
	}

}

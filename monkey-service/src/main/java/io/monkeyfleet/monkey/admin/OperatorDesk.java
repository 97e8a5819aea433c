package io.monkeyfleet.monkey.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.monkey.LeaderDuty;
import io.monkeyfleet.monkey.LeaderTick;
import io.monkeyfleet.monkey.guard.Verdict;
import io.monkeyfleet.monkey.rules.Proposal;
import io.monkeyfleet.monkey.scaling.LaunchWorkflow;
import io.monkeyfleet.monkey.scaling.ScaleInWorkflow;
import io.monkeyfleet.monkey.workflow.FleetWorkflow;
import io.monkeyfleet.monkey.workflow.FleetWorkflows;
import io.monkeyfleet.monkey.workflow.RepairWorkflow;
import io.monkeyfleet.monkey.workflow.RepairWorkflows;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.TransitionResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of the operators' actions: each tick it takes the queued requests,
 * checks them again against the node's state now, judges them with the tick's own guard
 * rails ({@link io.monkeyfleet.monkey.guard.GuardRails#judgeOperator}), carries out what
 * passes, and writes the verdict for the replica that is waiting to answer the operator.
 * Every verdict is an event naming the operator; every transition names them as its
 * actor.
 *
 * <p>
 * Operator actions are not held back by dry-run or by the monkeys' switches: those say
 * whether the automation acts. They do pass every safety rail.
 */
class OperatorDesk implements LeaderDuty {

	private static final Logger logger = LoggerFactory.getLogger(OperatorDesk.class);

	/** Requests served per tick at most; the rest wait for the next tick. */
	private static final int PER_TICK = 32;

	private final OperatorQueue queue;

	private final FleetStore store;

	private final RepairWorkflows repairs;

	private final FleetWorkflows fleetWorkflows;

	private final Duration requestTimeToLive;

	OperatorDesk(OperatorQueue queue, FleetStore store, RepairWorkflows repairs, FleetWorkflows fleetWorkflows,
			Duration requestTimeToLive) {
		this.queue = queue;
		this.store = store;
		this.repairs = repairs;
		this.fleetWorkflows = fleetWorkflows;
		this.requestTimeToLive = requestTimeToLive;
	}

	@Override
	public void perform(LeaderTick tick) {
		List<OperatorRequest> requests = this.queue.take(PER_TICK);
		for (OperatorRequest request : requests) {
			OperatorVerdict verdict = serve(request, tick);
			this.queue.decide(verdict);
			record(request, verdict, tick.view().now());
			logger.info("Operator {} asked to {} {}: {}{} ({})", request.operator(), request.action().word(),
					(request.nodeId() != null) ? "node " + request.nodeId() : "in pool " + request.pool(),
					verdict.status(), (verdict.guard() != null) ? " by " + verdict.guard() : "", verdict.why());
		}
	}

	private OperatorVerdict serve(OperatorRequest request, LeaderTick tick) {
		Instant now = tick.view().now();
		String replica = tick.replicaId();
		if (request.requestedAt().plus(this.requestTimeToLive).isBefore(now)) {
			return OperatorVerdict.refused(request, "expired", "asked at " + request.requestedAt()
					+ ", not taken within " + this.requestTimeToLive.toSeconds() + " s: not carried out late", null,
					now, replica);
		}
		NodeStatus status = null;
		if (request.action().onNode()) {
			Optional<NodeStatus> found = this.store.status(request.nodeId());
			if (found.isEmpty() || this.store.node(request.nodeId()).isEmpty()) {
				return OperatorVerdict.refused(request, "node-gone",
						"node '" + request.nodeId() + "' is no longer registered", null, now, replica);
			}
			status = found.get();
			if (!request.action().allowedFrom().contains(status.state())) {
				return stateChanged(request, status.state(), now, replica);
			}
		}
		Proposal proposal = new Proposal(request.action().proposed(), request.nodeId(), request.pool(),
				request.reason(), Map.of("request", request.id()), request.actor());
		// The work in flight as it is now: an earlier request of this tick may have
		// started some.
		Verdict verdict = tick.guardRails().judgeOperator(proposal, tick.context().get());
		if (verdict.outcome() != Verdict.Outcome.CARRY_OUT) {
			return OperatorVerdict.refused(request, verdict.guard(), verdict.why(),
					(status != null) ? status.state() : null, now, replica);
		}
		return carryOut(request, proposal, status, tick);
	}

	private OperatorVerdict carryOut(OperatorRequest request, Proposal proposal, NodeStatus status, LeaderTick tick) {
		Instant now = tick.view().now();
		String replica = tick.replicaId();
		String by = request.action().word() + " by " + request.actor() + ": " + request.reason();
		Map<String, String> evidence = Map.of("request", request.id());
		return switch (request.action()) {
			case DRAIN -> move(request, status, NodeState.DRAINING, by, evidence, now, replica);
			case RESTORE -> move(request, status, NodeState.ACTIVE, by, evidence, now, replica);
			case QUARANTINE -> move(request, status, NodeState.QUARANTINED, by, evidence, now, replica);
			case RELEASE -> {
				OperatorVerdict moved = move(request, status, NodeState.RECOVERING, by, evidence, now, replica);
				if (moved.status() != OperatorVerdict.Status.CARRIED_OUT) {
					yield moved;
				}
				RepairWorkflow watch = this.repairs.watchRecovery(request.nodeId(), request.pool(), now, by, evidence);
				yield OperatorVerdict.carriedOut(request,
						"node moved from QUARANTINED to RECOVERING; re-admitted after healthy samples", moved.state(),
						watch.id(), now, replica);
			}
			case REBOOT -> {
				Optional<RepairWorkflow> started = this.repairs.start(proposal, tick.view());
				if (started.isEmpty()) {
					yield stateChanged(request, this.store.status(request.nodeId()).map(NodeStatus::state).orElse(null),
							now, replica);
				}
				yield OperatorVerdict.carriedOut(request, "repair started: drain, reboot, recover", NodeState.DRAINING,
						started.get().id(), now, replica);
			}
			case TERMINATE -> started(request,
					this.fleetWorkflows.start(
							ScaleInWorkflow.workflow(request.pool(), request.nodeId(), now, by, evidence), tick.view(),
							tick.fencingToken(), (step) -> tick.guardRails().judgeOperator(step, tick.context().get())),
					"scale-in started: drain, then terminate the host", now, replica);
			case LAUNCH -> started(request,
					this.fleetWorkflows.start(LaunchWorkflow.workflow(request.pool(), now, by, evidence), tick.view(),
							tick.fencingToken(), (step) -> tick.guardRails().judgeOperator(step, tick.context().get())),
					"launch started: the new node joins when it is healthy", now, replica);
		};
	}

	private OperatorVerdict started(OperatorRequest request, Optional<FleetWorkflow> workflow, String why, Instant now,
			String replica) {
		NodeState state = (request.nodeId() != null)
				? this.store.status(request.nodeId()).map(NodeStatus::state).orElse(null) : null;
		return OperatorVerdict.carriedOut(request,
				workflow.isPresent() ? why : why + "; the workflow ended in its first step (its events say why)", state,
				workflow.map(FleetWorkflow::id).orElse(null), now, replica);
	}

	private OperatorVerdict move(OperatorRequest request, NodeStatus status, NodeState target, String reason,
			Map<String, String> evidence, Instant now, String replica) {
		TransitionResult result = this.store.transition(request.nodeId(), status, target, reason, request.actor(),
				evidence);
		if (result.applied()) {
			return OperatorVerdict.carriedOut(request, "node moved from " + status.state() + " to " + target, target,
					null, now, replica);
		}
		NodeState current = (result instanceof TransitionResult.Conflict conflict)
				? conflict.current().map(NodeStatus::state).orElse(null) : null;
		return stateChanged(request, current, now, replica);
	}

	private static OperatorVerdict stateChanged(OperatorRequest request, NodeState current, Instant now,
			String replica) {
		return OperatorVerdict.refused(request, "state-changed",
				"node '" + request.nodeId() + "' is " + ((current != null) ? current : "gone") + " now; "
						+ request.action().word() + " needs it " + request.action().allowedFrom(),
				current, now, replica);
	}

	private void record(OperatorRequest request, OperatorVerdict verdict, Instant now) {
		boolean done = verdict.status() == OperatorVerdict.Status.CARRIED_OUT;
		Map<String, String> evidence = new LinkedHashMap<>();
		evidence.put("action", request.action().proposed().name());
		evidence.put("rule", request.actor());
		evidence.put("verdict", done ? "CARRY_OUT" : "REFUSE");
		if (verdict.guard() != null) {
			evidence.put("guard", verdict.guard());
		}
		evidence.put("why", verdict.why());
		evidence.put("request", request.id());
		if (verdict.workflowId() != null) {
			evidence.put("workflow", verdict.workflowId());
		}
		this.store.appendEvent(
				new FleetEvent(now, done ? EventType.ACTION_PROPOSED : EventType.ACTION_SKIPPED, request.nodeId(),
						request.pool(), request.action().word() + ": " + request.reason(), evidence, request.actor()));
	}

}

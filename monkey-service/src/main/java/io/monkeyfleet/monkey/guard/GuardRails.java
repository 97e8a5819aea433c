package io.monkeyfleet.monkey.guard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.rules.Action;
import io.monkeyfleet.monkey.rules.DoctorPolicy;
import io.monkeyfleet.monkey.rules.Proposal;

/**
 * Every proposal passes these before anything happens, in a fixed order so that the
 * verdict never depends on which rule spoke first: the switches, work already under way,
 * the pool's circuit breaker, the node's repair budget, the pool's minimum healthy count,
 * the fleet-wide limit of remediations in flight, and last dry-run. The first rail that
 * objects decides, and is named.
 */
public final class GuardRails {

	private final GuardPolicy policy;

	private final CircuitBreaker breaker;

	private final Function<String, DoctorPolicy> policyOfPool;

	public GuardRails(GuardPolicy policy, CircuitBreaker breaker, Function<String, DoctorPolicy> policyOfPool) {
		this.policy = policy;
		this.breaker = breaker;
		this.policyOfPool = policyOfPool;
	}

	public GuardPolicy policy() {
		return this.policy;
	}

	/**
	 * Judges the proposals in a deterministic order (admissions first, then by pool and
	 * node), so that with a limit of N only the first N repairs in that order are carried
	 * out.
	 */
	public List<Verdict> judge(List<Proposal> proposals, GuardContext context) {
		List<Proposal> ordered = proposals.stream()
			.sorted(Comparator.comparing(Proposal::action)
				.thenComparing(Proposal::pool)
				.thenComparing(Proposal::nodeId))
			.toList();
		int inFlight = context.nodesInWorkflows().size();
		List<Verdict> verdicts = new ArrayList<>();
		for (Proposal proposal : ordered) {
			Verdict verdict = judge(proposal, context, inFlight);
			if (verdict.proposal().action() == Action.REPAIR && verdict.outcome() == Verdict.Outcome.CARRY_OUT) {
				inFlight++;
			}
			verdicts.add(verdict);
		}
		return verdicts;
	}

	private Verdict judge(Proposal proposal, GuardContext context, int inFlight) {
		if (!this.policy.enabled()) {
			return Verdict.refuse(proposal, "global-switch", "all monkeys are disabled");
		}
		if (!this.policy.doctorEnabled() && proposal.action() == Action.REPAIR) {
			return Verdict.refuse(proposal, "doctor-switch", "the doctor is disabled");
		}
		if (context.nodesInWorkflows().contains(proposal.nodeId())) {
			return Verdict.refuse(proposal, "already-in-workflow", "a workflow is already working on this node");
		}
		if (this.breaker.isOpen(proposal.pool())) {
			return Verdict.refuse(proposal, "circuit-breaker", "too much of pool '" + proposal.pool()
					+ "' looks unhealthy at once; suspecting the monitoring, not the nodes");
		}
		if (proposal.action() == Action.REPAIR) {
			Optional<Verdict> refusal = judgeRepair(proposal, context, inFlight);
			if (refusal.isPresent()) {
				return dryRunOr(refusal.get());
			}
		}
		return dryRunOr(Verdict.carryOut(proposal));
	}

	private Optional<Verdict> judgeRepair(Proposal proposal, GuardContext context, int inFlight) {
		FleetView view = context.view();
		RepairBudget.Standing standing = this.policy.budget()
			.standing(context.repairStarts().apply(proposal.nodeId()), view.now());
		if (standing.kind() == RepairBudget.Standing.Kind.EXHAUSTED) {
			return Optional.of(new Verdict(proposal, Verdict.Outcome.QUARANTINE, "repair-budget",
					standing.repairsInWindow() + " repairs within " + this.policy.budget().window().toHours()
							+ " h already: quarantined for an operator to look at"));
		}
		if (standing.kind() == RepairBudget.Standing.Kind.BACKOFF) {
			return Optional.of(Verdict.refuse(proposal, "repair-backoff", "repaired " + standing.repairsInWindow()
					+ " time(s) lately; next repair not before " + standing.notBefore()));
		}
		int minHealthy = Math.max(1,
				Optional.ofNullable(view.snapshot().pools().get(proposal.pool())).map(Pool::minSize).orElse(1));
		DoctorPolicy doctor = this.policyOfPool.apply(proposal.pool());
		long othersHealthy = view.snapshot()
			.nodesInPool(proposal.pool())
			.stream()
			.map(Node::id)
			.filter((id) -> !id.equals(proposal.nodeId()))
			.filter((id) -> NodeHealth.looksHealthy(view, id, doctor))
			.count();
		if (othersHealthy < minHealthy) {
			return Optional.of(Verdict.refuse(proposal, "min-healthy",
					"draining it would leave pool '" + proposal.pool() + "' with " + othersHealthy
							+ " healthy node(s), below its minimum of " + minHealthy
							+ ": a replacement must be ACTIVE first"));
		}
		if (inFlight >= this.policy.maxRemediationsInFlight()) {
			return Optional.of(Verdict.refuse(proposal, "max-in-flight", inFlight
					+ " remediation(s) already in flight (limit " + this.policy.maxRemediationsInFlight() + ")"));
		}
		return Optional.empty();
	}

	/**
	 * In dry-run, every remediation is only recorded. Admitting a healthy new node is not
	 * one: it takes nothing away, and a fresh install that kept every node out of
	 * rotation until armed would serve nothing.
	 */
	private Verdict dryRunOr(Verdict verdict) {
		boolean acts = verdict.proposal().action() != Action.ADMIT
				&& (verdict.outcome() == Verdict.Outcome.CARRY_OUT || verdict.outcome() == Verdict.Outcome.QUARANTINE);
		if (this.policy.dryRun() && acts) {
			return new Verdict(verdict.proposal(), Verdict.Outcome.DRY_RUN, "dry-run",
					"would " + ((verdict.outcome() == Verdict.Outcome.QUARANTINE) ? "quarantine" : "carry out")
							+ ", but the monkeys are in dry-run: " + verdict.why());
		}
		return verdict;
	}

}

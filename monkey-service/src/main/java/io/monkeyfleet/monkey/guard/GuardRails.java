package io.monkeyfleet.monkey.guard;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.rules.Action;
import io.monkeyfleet.monkey.rules.DoctorPolicy;
import io.monkeyfleet.monkey.rules.Monkey;
import io.monkeyfleet.monkey.rules.Proposal;

/**
 * Every proposal passes these before anything happens, in a fixed order so that the
 * verdict never depends on which rule spoke first: the switches, work already under way
 * on the node or the pool, the pool's circuit breaker (which lets through what only adds
 * capacity: admissions and launches), cooldowns, the pool's size bounds, the node's
 * repair budget, the pool's minimum healthy count, the fleet-wide limit of remediations
 * in flight, and last dry-run. The first rail that objects decides, and is named.
 *
 * <p>
 * The policy is read on every judgement, so a setting changed at runtime applies from the
 * next tick.
 */
public final class GuardRails {

	/** What may not run in a pool beside each pool-level action. */
	private static final Set<Monkey> SCALING = EnumSet.of(Monkey.GIFT, Monkey.SCALE_IN, Monkey.MIGRATION,
			Monkey.RESTART);

	private final Supplier<GuardPolicy> policy;

	private final CircuitBreaker breaker;

	private final Function<String, DoctorPolicy> policyOfPool;

	public GuardRails(Supplier<GuardPolicy> policy, CircuitBreaker breaker,
			Function<String, DoctorPolicy> policyOfPool) {
		this.policy = policy;
		this.breaker = breaker;
		this.policyOfPool = policyOfPool;
	}

	public GuardRails(GuardPolicy policy, CircuitBreaker breaker, Function<String, DoctorPolicy> policyOfPool) {
		this(() -> policy, breaker, policyOfPool);
	}

	public GuardPolicy policy() {
		return this.policy.get();
	}

	/**
	 * Judges the proposals in a deterministic order (by action: admissions first, then by
	 * pool and node), so that with a limit of N only the first N remediations in that
	 * order are carried out, and at most one pool-level action per pool.
	 */
	public List<Verdict> judge(List<Proposal> proposals, GuardContext context) {
		GuardPolicy current = this.policy.get();
		List<Proposal> ordered = proposals.stream()
			.sorted(Comparator.comparing(Proposal::action)
				.thenComparing(Proposal::pool)
				.thenComparing(Proposal::subject))
			.toList();
		int inFlight = context.remediationsInFlight();
		java.util.Map<String, Set<Monkey>> busy = new java.util.HashMap<>();
		context.busyPools().forEach((pool, monkeys) -> busy.put(pool, EnumSet.copyOf(monkeysOrNone(monkeys))));
		List<Verdict> verdicts = new ArrayList<>();
		for (Proposal proposal : ordered) {
			Verdict verdict = judge(current, proposal, context, busy.getOrDefault(proposal.pool(), Set.of()), inFlight);
			if (verdict.outcome() == Verdict.Outcome.CARRY_OUT) {
				if (proposal.action().takesCapacity()) {
					inFlight++;
				}
				if (proposal.action() != Action.ADMIT) {
					busy.computeIfAbsent(proposal.pool(), (pool) -> EnumSet.noneOf(Monkey.class))
						.add(proposal.action().monkey());
				}
			}
			verdicts.add(verdict);
		}
		return verdicts;
	}

	private static Set<Monkey> monkeysOrNone(Set<Monkey> monkeys) {
		return monkeys.isEmpty() ? EnumSet.noneOf(Monkey.class) : monkeys;
	}

	private Verdict judge(GuardPolicy policy, Proposal proposal, GuardContext context, Set<Monkey> busy, int inFlight) {
		Monkey monkey = proposal.action().monkey();
		if (!policy.enabled()) {
			return Verdict.refuse(proposal, "global-switch", "all monkeys are disabled");
		}
		// Admitting a healthy node takes nothing away: no switch holds it back.
		if (proposal.action() != Action.ADMIT && !policy.of(monkey).enabled()) {
			return Verdict.refuse(proposal, monkey.id() + "-switch", "the " + monkey.id() + " monkey is disabled");
		}
		// A launch workflow waits for its own JOINING node to be admitted: admission is
		// never another workflow's business.
		if (proposal.action() != Action.ADMIT && proposal.nodeId() != null
				&& context.nodesInWorkflows().contains(proposal.nodeId())) {
			return Verdict.refuse(proposal, "already-in-workflow", "a workflow is already working on this node");
		}
		if (!proposal.action().onlyAddsCapacity() && this.breaker.isOpen(proposal.pool())) {
			return Verdict.refuse(proposal, "circuit-breaker", "too much of pool '" + proposal.pool()
					+ "' looks unhealthy at once; suspecting the monitoring, not the nodes");
		}
		Optional<Verdict> refusal = poolBusy(proposal, busy).or(() -> cooldown(policy, proposal, context))
			.or(() -> sizeBounds(proposal, context))
			.or(() -> (proposal.action() == Action.REPAIR) ? repairBudget(policy, proposal, context) : Optional.empty())
			.or(() -> proposal.action().takesCapacity() ? minHealthy(proposal, context) : Optional.empty())
			.or(() -> (proposal.action().takesCapacity() && inFlight >= policy.maxRemediationsInFlight())
					? Optional.of(Verdict.refuse(proposal, "max-in-flight", inFlight
							+ " remediation(s) already in flight (limit " + policy.maxRemediationsInFlight() + ")"))
					: Optional.empty());
		return dryRunOr(policy, refusal.orElseGet(() -> Verdict.carryOut(proposal)));
	}

	/**
	 * Judges an operator's proposal (admin API) by the same rails as the monkeys' — work
	 * under way on the node or the pool, the circuit breaker, cooldowns, size bounds, the
	 * repair budget, the minimum healthy count, the in-flight limit — but not by the
	 * switches or dry-run, which say whether the automation acts: an operator is not the
	 * automation. Where the budget would quarantine a node instead of repairing it again,
	 * the operator's reboot is refused rather than turned into something they did not ask
	 * for. A quarantine is the operator's stop button: allowed on a node a workflow is
	 * working on (the workflow then gives up), refused only when it would take the pool's
	 * last healthy nodes out of rotation.
	 */
	public Verdict judgeOperator(Proposal proposal, GuardContext context) {
		GuardPolicy configured = this.policy.get();
		Map<Monkey, GuardPolicy.Switch> armed = new EnumMap<>(Monkey.class);
		for (Monkey monkey : Monkey.values()) {
			armed.put(monkey, new GuardPolicy.Switch(true, false));
		}
		GuardPolicy policy = new GuardPolicy(true, armed, configured.maxRemediationsInFlight(), configured.budget(),
				configured.giftCooldown(), configured.migrationCooldown());
		GuardContext judged = context;
		if (proposal.action() == Action.QUARANTINE && proposal.nodeId() != null) {
			Set<String> others = new java.util.HashSet<>(context.nodesInWorkflows());
			others.remove(proposal.nodeId());
			judged = new GuardContext(context.view(), others, context.remediationsInFlight(), context.busyPools(),
					context.repairStarts(), context.lastStart());
		}
		if (proposal.action() == Action.REPAIR) {
			RepairBudget.Standing standing = policy.budget()
				.standing(context.repairStarts().apply(proposal.nodeId()), context.view().now());
			if (standing.kind() == RepairBudget.Standing.Kind.EXHAUSTED) {
				return Verdict.refuse(proposal, "repair-budget",
						standing.repairsInWindow() + " repairs within " + policy.budget().window().toHours()
								+ " h already; no further reboot until the oldest leaves the window");
			}
		}
		Verdict verdict = judge(policy, proposal, judged, judged.busyIn(proposal.pool()),
				judged.remediationsInFlight());
		if (verdict.outcome() == Verdict.Outcome.CARRY_OUT && proposal.action() == Action.QUARANTINE
				&& context.view().stateOf(proposal.nodeId()) == NodeState.ACTIVE) {
			return minHealthy(proposal, context).orElse(verdict);
		}
		return verdict;
	}

	/**
	 * One pool-level change at a time: a launch, scale-in, migration or rolling restart
	 * waits for the one under way; a scale-in also waits for repairs, and a repair for a
	 * rolling restart (each takes a node out of rotation).
	 */
	private static Optional<Verdict> poolBusy(Proposal proposal, Set<Monkey> busy) {
		Set<Monkey> blocking = switch (proposal.action()) {
			case ADMIT, RESTORE, QUARANTINE, RELEASE -> Set.of();
			case REPAIR, DRAIN -> EnumSet.of(Monkey.SCALE_IN, Monkey.RESTART);
			case SCALE_IN -> EnumSet.allOf(Monkey.class);
			case LAUNCH, MIGRATE -> SCALING;
			// The restart asking is itself in flight; it takes one node at a time.
			case RESTART -> EnumSet.of(Monkey.GIFT, Monkey.SCALE_IN, Monkey.MIGRATION);
		};
		Optional<Monkey> blocker = busy.stream().filter(blocking::contains).findFirst();
		return blocker.map((monkey) -> Verdict.refuse(proposal, "pool-busy",
				"pool '" + proposal.pool() + "' already has a " + monkey.id() + " workflow in flight"));
	}

	private static Optional<Verdict> cooldown(GuardPolicy policy, Proposal proposal, GuardContext context) {
		java.time.Duration cooldown = switch (proposal.action()) {
			case LAUNCH -> policy.giftCooldown();
			case MIGRATE -> policy.migrationCooldown();
			default -> null;
		};
		if (cooldown == null) {
			return Optional.empty();
		}
		Monkey monkey = proposal.action().monkey();
		Optional<Instant> last = context.lastStart().apply(monkey, proposal.pool());
		Instant now = context.view().now();
		if (last.isPresent() && now.isBefore(last.get().plus(cooldown))) {
			return Optional.of(Verdict.refuse(proposal, monkey.id() + "-cooldown",
					"the last " + monkey.id() + " in pool '" + proposal.pool() + "' started at " + last.get()
							+ "; next one not before " + last.get().plus(cooldown)));
		}
		return Optional.empty();
	}

	/** A launch needs a defined pool below its maximum size. */
	private static Optional<Verdict> sizeBounds(Proposal proposal, GuardContext context) {
		if (proposal.action() != Action.LAUNCH) {
			return Optional.empty();
		}
		FleetView view = context.view();
		Pool pool = view.snapshot().pools().get(proposal.pool());
		if (pool == null) {
			return Optional.of(Verdict.refuse(proposal, "max-size", "pool '" + proposal.pool()
					+ "' has no definition (min and max size): nothing is launched into an unbounded pool"));
		}
		long size = servingSize(view, pool);
		if (size >= pool.maxSize()) {
			return Optional.of(Verdict.refuse(proposal, "max-size",
					"pool '" + pool.name() + "' has " + size + " node(s), its maximum is " + pool.maxSize()));
		}
		return Optional.empty();
	}

	/**
	 * The nodes that count towards a pool's size: every node but those on their way out
	 * and those on the pool's standby hosts.
	 */
	public static long servingSize(FleetView view, Pool pool) {
		return view.snapshot()
			.nodesInPool(pool.name())
			.stream()
			.filter((node) -> view.stateOf(node.id()) != NodeState.TERMINATING)
			.filter((node) -> !pool.standbyHosts().contains(hostOf(node)))
			.count();
	}

	/** The provisioner's host id of a node: its {@code host} label, else its id. */
	public static String hostOf(Node node) {
		return node.labels().getOrDefault("host", node.id());
	}

	private static Optional<Verdict> repairBudget(GuardPolicy policy, Proposal proposal, GuardContext context) {
		FleetView view = context.view();
		RepairBudget.Standing standing = policy.budget()
			.standing(context.repairStarts().apply(proposal.nodeId()), view.now());
		if (standing.kind() == RepairBudget.Standing.Kind.EXHAUSTED) {
			return Optional.of(new Verdict(proposal, Verdict.Outcome.QUARANTINE, "repair-budget",
					standing.repairsInWindow() + " repairs within " + policy.budget().window().toHours()
							+ " h already: quarantined for an operator to look at"));
		}
		if (standing.kind() == RepairBudget.Standing.Kind.BACKOFF) {
			return Optional.of(Verdict.refuse(proposal, "repair-backoff", "repaired " + standing.repairsInWindow()
					+ " time(s) lately; next repair not before " + standing.notBefore()));
		}
		return Optional.empty();
	}

	/**
	 * Taking the node out must leave the pool its minimum of healthy nodes (at least
	 * one).
	 */
	private Optional<Verdict> minHealthy(Proposal proposal, GuardContext context) {
		FleetView view = context.view();
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
		if (othersHealthy >= minHealthy) {
			return Optional.empty();
		}
		String guard = (proposal.action() == Action.SCALE_IN) ? "min-size" : "min-healthy";
		String then = (proposal.action() == Action.REPAIR) ? ": a replacement must be ACTIVE first" : "";
		return Optional.of(Verdict.refuse(proposal, guard, "taking it out would leave pool '" + proposal.pool()
				+ "' with " + othersHealthy + " healthy node(s), below its minimum of " + minHealthy + then));
	}

	/**
	 * In dry-run, every action is only recorded. Admitting a healthy new node is not one:
	 * it takes nothing away, and a fresh install that kept every node out of rotation
	 * until armed would serve nothing.
	 */
	private static Verdict dryRunOr(GuardPolicy policy, Verdict verdict) {
		boolean acts = verdict.proposal().action() != Action.ADMIT
				&& (verdict.outcome() == Verdict.Outcome.CARRY_OUT || verdict.outcome() == Verdict.Outcome.QUARANTINE);
		if (acts && policy.of(verdict.proposal().action().monkey()).dryRun()) {
			return new Verdict(verdict.proposal(), Verdict.Outcome.DRY_RUN, "dry-run",
					"would " + ((verdict.outcome() == Verdict.Outcome.QUARANTINE) ? "quarantine" : "carry out")
							+ ", but the " + verdict.proposal().action().monkey().id() + " monkey is in dry-run: "
							+ verdict.why());
		}
		return verdict;
	}

}

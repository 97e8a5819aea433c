package io.monkeyfleet.monkey;

import io.monkeyfleet.concurrent.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.monkey.alerts.Alert;
import io.monkeyfleet.monkey.alerts.Alerts;
import io.monkeyfleet.monkey.alerts.Severity;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.fleet.SampleHistory;
import io.monkeyfleet.monkey.fleet.TrafficSource;
import io.monkeyfleet.monkey.guard.CircuitBreaker;
import io.monkeyfleet.monkey.guard.GuardContext;
import io.monkeyfleet.monkey.guard.GuardRails;
import io.monkeyfleet.monkey.guard.Verdict;
import io.monkeyfleet.monkey.lease.LeaderLease;
import io.monkeyfleet.monkey.provisioning.ProvisionerException;
import io.monkeyfleet.monkey.fleet.PoolLoad;
import io.monkeyfleet.monkey.migration.MigrationWorkflow;
import io.monkeyfleet.monkey.rules.Action;
import io.monkeyfleet.monkey.rules.Monkey;
import io.monkeyfleet.monkey.rules.Proposal;
import io.monkeyfleet.monkey.rules.Rule;
import io.monkeyfleet.monkey.scaling.LaunchWorkflow;
import io.monkeyfleet.monkey.scaling.ScaleInWorkflow;
import io.monkeyfleet.monkey.settings.SettingsSource;
import io.monkeyfleet.monkey.workflow.FleetWorkflow;
import io.monkeyfleet.monkey.workflow.FleetWorkflows;
import io.monkeyfleet.monkey.workflow.RepairWorkflow;
import io.monkeyfleet.monkey.workflow.WorkflowHandler;
import io.monkeyfleet.monkey.workflow.RepairWorkflows;
import io.monkeyfleet.store.FleetSnapshot;
import io.monkeyfleet.store.FleetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * The monkeys' heartbeat: every tick, if this replica holds the lease, read one snapshot
 * of the fleet, move the workflows in flight on, ask the rules for proposals, pass them
 * through the guard rails, and carry out what survives. Every proposal, skip and action
 * is an event.
 *
 * <p>
 * Redis unreachable: nothing is done, one alert is raised, and the tick keeps trying. An
 * empty snapshot after a non-empty one, or one that lost more than half its nodes at
 * once, means "stop", never "every node is gone".
 */
public class MonkeyLoop implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(MonkeyLoop.class);

	private final FleetStore store;

	private final LeaderLease lease;

	private final List<Rule> rules;

	private final GuardRails guardRails;

	private final CircuitBreaker breaker;

	private final RepairWorkflows workflows;

	private final FleetWorkflows fleetWorkflows;

	private final SettingsSource settings;

	private final PoolLoad poolLoad = new PoolLoad();

	private final io.monkeyfleet.monkey.fleet.NodeAddressFilter nodeAddresses = new io.monkeyfleet.monkey.fleet.NodeAddressFilter();

	/**
	 * Pools where the doctor found a node to repair but repairing it would leave too few
	 * healthy: the gift monkey launches a replacement first (pool → why).
	 */
	private Map<String, String> replacementsWanted = Map.of();

	private final TrafficSource traffic;

	private final Alerts alerts;

	private final SampleHistory history;

	private final Clock clock;

	private final Duration tick;

	private final List<LeaderDuty> duties;

	/** Where each tick's timings go (timers on /actuator/prometheus). */
	private final TickTimings tickTimings;

	private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("monkey-tick");

	/**
	 * The last verdict recorded per node and action, so an unchanged verdict is not
	 * recorded every tick.
	 */
	private final Map<String, String> recordedVerdicts = new HashMap<>();

	/** The verdicts given this tick, so that the ones no longer given are forgotten. */
	private final Set<String> judgedThisTick = new HashSet<>();

	private final AtomicReference<Instant> lastTick = new AtomicReference<>();

	private volatile boolean running;

	private boolean leading;

	private boolean redisAway;

	/** Before this, after a Redis outage, the monkeys observe but do not act. */
	private Instant settledAt = Instant.MIN;

	private boolean emptySnapshotReported;

	private int lastNodeCount;

	private int lastAdmittedCount;

	public MonkeyLoop(FleetStore store, LeaderLease lease, List<Rule> rules, GuardRails guardRails,
			CircuitBreaker breaker, RepairWorkflows workflows, FleetWorkflows fleetWorkflows, TrafficSource traffic,
			Alerts alerts, SampleHistory history, SettingsSource settings, Clock clock, Duration tick,
			List<LeaderDuty> duties) {
		this(store, lease, rules, guardRails, breaker, workflows, fleetWorkflows, traffic, alerts, history, settings,
				clock, tick, duties, TickTimings.NONE);
	}

	public MonkeyLoop(FleetStore store, LeaderLease lease, List<Rule> rules, GuardRails guardRails,
			CircuitBreaker breaker, RepairWorkflows workflows, FleetWorkflows fleetWorkflows, TrafficSource traffic,
			Alerts alerts, SampleHistory history, SettingsSource settings, Clock clock, Duration tick,
			List<LeaderDuty> duties, TickTimings tickTimings) {
		this.tickTimings = tickTimings;
		this.store = store;
		this.lease = lease;
		this.rules = List.copyOf(rules);
		this.guardRails = guardRails;
		this.breaker = breaker;
		this.workflows = workflows;
		this.fleetWorkflows = fleetWorkflows;
		this.settings = settings;
		this.traffic = traffic;
		this.alerts = alerts;
		this.history = history;
		this.clock = clock;
		this.tick = tick;
		this.duties = List.copyOf(duties);
	}

	@Override
	public void start() {
		this.running = true;
		logger.info("Monkeys ticking every {} ms as replica {} ({})", this.tick.toMillis(), this.lease.replicaId(),
				this.guardRails.policy().allDryRun() ? "DRY-RUN: actions are only recorded" : "ARMED");
		this.scheduler.scheduleAtFixedRate(this::tick, 0, this.tick.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		DaemonThreads.shutdown(this.scheduler, Duration.ofSeconds(5));
		try {
			this.lease.release();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not release the lease; it expires by itself", ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** When the last tick ran, for health and metrics; empty before the first. */
	public Instant lastTick() {
		return this.lastTick.get();
	}

	public boolean leading() {
		return this.leading;
	}

	/** One tick. Never throws: an exception would silently end a scheduled task. */
	void tick() {
		Instant now = this.clock.instant();
		Instant previous = this.lastTick.getAndSet(now);
		if (previous != null) {
			// The period as it was kept: a tick that overran makes the next one late
			// and the one after early (fixed rate catches up).
			this.tickTimings.started(Duration.between(previous, now));
		}
		try {
			tickOnce(now);
		}
		finally {
			// How long the tick held the monkeys' thread: neither a hung Redis nor a
			// hung provisioner may hold it for long (their timeouts, and
			// TimeBoxedProvisioner).
			this.tickTimings.ended(Duration.between(now, this.clock.instant()));
		}
	}

	private void tickOnce(Instant now) {
		try {
			OptionalLong token = this.lease.acquireOrRenew();
			noteLeadership(token, now);
			redisBack(now);
			if (token.isPresent() && !now.isBefore(this.settledAt)) {
				act(now, token.getAsLong());
			}
		}
		catch (ProvisionerException ex) {
			if (ex.staleFencingToken()) {
				logger.warn("The provisioner refused this replica's fencing token: another replica leads now");
				this.leading = false;
			}
			else {
				logger.warn("Provisioner call failed; the workflow step is retried next tick: {}", ex.getMessage());
			}
		}
		catch (org.springframework.dao.DataAccessException ex) {
			redisAway(now, ex);
		}
		catch (RuntimeException ex) {
			logger.error("Tick failed; nothing more is done this tick", ex);
		}
		catch (Error ex) {
			// It ends the scheduled task; at least say so rather than stop ticking in
			// silence.
			logger.error("Tick failed with an error; the monkeys stop ticking", ex);
			throw ex;
		}
	}

	private void act(Instant now, long token) {
		FleetSnapshot snapshot = this.nodeAddresses.filter(this.store.snapshot());
		if (suddenlyShrunk(snapshot.nodes().size())) {
			if (!this.emptySnapshotReported) {
				this.emptySnapshotReported = true;
				logger.warn("The fleet snapshot has {} node(s) after {}: acting on nothing until they are back",
						snapshot.nodes().size(), this.lastNodeCount);
				this.alerts.raise(new Alert(now, Severity.CRITICAL, "empty-snapshot", null, null,
						"The fleet snapshot suddenly lost more than half its nodes (" + snapshot.nodes().size() + " of "
								+ this.lastNodeCount
								+ "): Redis may have been flushed. The monkeys stopped acting until they are back.",
						Map.of()));
			}
			return;
		}
		if (this.emptySnapshotReported) {
			logger.info("The fleet snapshot has {} node(s) again (of {}); the monkeys act again",
					snapshot.nodes().size(), this.lastNodeCount);
		}
		this.emptySnapshotReported = false;
		enroll(snapshot, now);
		this.lastNodeCount = snapshot.nodes().size();
		this.lastAdmittedCount = (int) snapshot.statuses()
			.values()
			.stream()
			.filter((status) -> status.state() != NodeState.JOINING)
			.count();
		MonkeyProperties current = this.settings.current();
		this.history.record(snapshot.samples(), snapshot.nodes().keySet(), now);
		this.poolLoad.record(snapshot, now, current.doctor().defaults().sampleFreshness(),
				current.scaleIn().window().plus(this.tick.multipliedBy(2)));
		FleetView view = new FleetView(now, snapshot, this.history, this.traffic.read(snapshot, now), this.poolLoad,
				this.fleetWorkflows.store().launched(), this.replacementsWanted);
		for (CircuitBreaker.Change change : this.breaker.update(view)) {
			recordBreaker(change, now);
		}
		this.judgedThisTick.clear();
		this.workflows.advanceAll(view, token);
		GuardContext before = guardContext(view);
		this.fleetWorkflows.advanceAll(view, token, (proposal) -> judgeOne(proposal, before));
		GuardContext context = guardContext(view);
		List<Proposal> proposals = this.rules.stream().flatMap((rule) -> rule.propose(view).stream()).toList();
		List<Verdict> verdicts = this.guardRails.judge(proposals, context);
		Map<String, String> wanted = new HashMap<>();
		for (Verdict verdict : verdicts) {
			record(verdict, now);
			carryOut(verdict, view, token, context, wanted);
		}
		this.replacementsWanted = Map.copyOf(wanted);
		this.recordedVerdicts.keySet().retainAll(this.judgedThisTick);
		LeaderTick leaderTick = new LeaderTick(view, this.guardRails, this.breaker, () -> guardContext(view), token,
				this.lease.replicaId());
		for (LeaderDuty duty : this.duties) {
			duty.perform(leaderTick);
		}
	}

	/**
	 * Gives every node an agent registered and nobody enrolled yet its first lifecycle
	 * state, {@code JOINING} (admitted later by the admission rule). Agents never write a
	 * lifecycle state: their Redis users may only read it. Not an action (a
	 * {@code JOINING} node gets no traffic), so it is done in dry-run too.
	 */
	private void enroll(FleetSnapshot snapshot, Instant now) {
		for (Node node : snapshot.nodes().values()) {
			if (snapshot.status(node.id()).isEmpty() && this.store.enroll(node.id())) {
				logger.info("Enrolled node {} of pool {} (JOINING)", node.id(), node.pool());
				this.store.appendEvent(new FleetEvent(now, EventType.NODE_REGISTERED, node.id(), node.pool(),
						"registered by its agent at " + node.address() + "; enrolled as JOINING",
						Map.of("address", String.valueOf(node.address())), "monkey:" + this.lease.replicaId()));
			}
		}
	}

	/** What the guard rails need: the work in flight now, and the budgets. */
	private GuardContext guardContext(FleetView view) {
		List<RepairWorkflow> repairs = this.workflows.inFlight();
		List<FleetWorkflow> flows = this.fleetWorkflows.inFlight();
		Set<String> nodes = new HashSet<>(this.fleetWorkflows.nodes(flows));
		repairs.forEach((repair) -> nodes.add(repair.nodeId()));
		Map<String, Set<Monkey>> busy = new HashMap<>(this.fleetWorkflows.busyPools(flows));
		repairs.forEach((repair) -> busy.computeIfAbsent(repair.pool(), (pool) -> EnumSet.noneOf(Monkey.class))
			.add(Monkey.DOCTOR));
		return new GuardContext(view, nodes, repairs.size() + this.fleetWorkflows.holdingNodesOut(flows), busy,
				(nodeId) -> this.workflows.repairStarts(nodeId, view.now()), this.fleetWorkflows::lastStart);
	}

	/** A workflow's own step, judged like a rule's proposal and recorded the same way. */
	private Verdict judgeOne(Proposal proposal, GuardContext context) {
		Verdict verdict = this.guardRails.judge(List.of(proposal), context).get(0);
		record(verdict, context.view().now());
		return verdict;
	}

	private void carryOut(Verdict verdict, FleetView view, long token, GuardContext context,
			Map<String, String> replacements) {
		Proposal proposal = verdict.proposal();
		switch (verdict.outcome()) {
			case CARRY_OUT -> {
				WorkflowHandler.Judge judge = (step) -> judgeOne(step, context);
				switch (proposal.action()) {
					case ADMIT -> admit(proposal, view);
					case REPAIR -> this.workflows.start(proposal, view);
					case LAUNCH -> this.fleetWorkflows.start(LaunchWorkflow.workflow(proposal.pool(), view.now(),
							proposal.reason(), proposal.evidence()), view, token, judge);
					case SCALE_IN -> this.fleetWorkflows.start(ScaleInWorkflow.workflow(proposal.pool(),
							proposal.nodeId(), view.now(), proposal.reason(), proposal.evidence()), view, token, judge);
					case MIGRATE ->
						this.fleetWorkflows.start(MigrationWorkflow.workflow(proposal.pool(), proposal.nodeId(),
								proposal.evidence().get("target"), view.now(), proposal.reason(), proposal.evidence()),
								view, token, judge);
					case RESTART -> {
						// Only a restart workflow proposes these, and carries them out
						// itself.
					}
					case DRAIN, RESTORE, QUARANTINE, RELEASE -> {
						// Operators' only: the operator desk (admin API) carries them
						// out.
					}
				}
			}
			case QUARANTINE -> this.workflows.quarantine(proposal.nodeId(), proposal.pool(), verdict.why(), view.now());
			case REFUSE -> {
				if ("min-healthy".equals(verdict.guard()) && proposal.action() == Action.REPAIR) {
					// The gift monkey launches a replacement first (next tick); an
					// operator
					// hears of it either way.
					replacements.put(proposal.pool(), "node " + proposal.nodeId() + " needs repair ("
							+ proposal.reason() + ") but " + verdict.why());
					this.alerts.raise(new Alert(view.now(), Severity.WARNING, "replacement-needed", proposal.pool(),
							proposal.nodeId(), "Node " + proposal.nodeId() + " needs repair (" + proposal.reason()
									+ ") but " + verdict.why(),
							proposal.evidence()));
				}
			}
			case DRY_RUN -> {
				// Recorded as an event; nothing else.
			}
		}
	}

	private void admit(Proposal proposal, FleetView view) {
		view.snapshot()
			.status(proposal.nodeId())
			.filter((status) -> status.state() == NodeState.JOINING)
			.ifPresent((NodeStatus status) -> this.store.transition(proposal.nodeId(), status, NodeState.ACTIVE,
					"admitted: " + proposal.reason(), "monkey:" + proposal.rule(), proposal.evidence()));
	}

	/**
	 * Records a verdict as an event, unless the same verdict on the same proposal was
	 * recorded last tick.
	 */
	private void record(Verdict verdict, Instant now) {
		Proposal proposal = verdict.proposal();
		this.judgedThisTick.add(verdictKey(proposal));
		String summary = verdict.outcome() + "/" + verdict.guard();
		if (summary.equals(this.recordedVerdicts.put(verdictKey(proposal), summary))) {
			return;
		}
		EventType type = switch (verdict.outcome()) {
			case CARRY_OUT, QUARANTINE -> EventType.ACTION_PROPOSED;
			case DRY_RUN -> EventType.ACTION_DRY_RUN;
			case REFUSE -> EventType.ACTION_SKIPPED;
		};
		Map<String, String> evidence = new LinkedHashMap<>();
		evidence.put("action", proposal.action().name());
		evidence.put("rule", proposal.rule());
		evidence.put("verdict", verdict.outcome().name());
		if (verdict.guard() != null) {
			evidence.put("guard", verdict.guard());
		}
		evidence.put("why", verdict.why());
		evidence.putAll(proposal.evidence());
		this.store.appendEvent(new FleetEvent(now, type, proposal.nodeId(), proposal.pool(),
				proposal.action().name().toLowerCase() + ": " + proposal.reason(), evidence,
				"monkey:" + proposal.rule()));
	}

	private void recordBreaker(CircuitBreaker.Change change, Instant now) {
		String what = change.unhealthy() + " of " + change.active() + " ACTIVE node(s) of pool '" + change.pool()
				+ "' look unhealthy";
		Map<String, String> evidence = Map.of("unhealthy", String.valueOf(change.unhealthy()), "active",
				String.valueOf(change.active()));
		if (change.opened()) {
			logger.warn("Circuit breaker OPEN for pool {}: {}; no action on it until it clears", change.pool(), what);
			this.store.appendEvent(new FleetEvent(now, EventType.BREAKER_OPENED, null, change.pool(),
					what + ": suspecting the monitoring, not the nodes; no action on the pool until it clears",
					evidence, "monkey:guard-rails"));
			this.alerts.raise(new Alert(now, Severity.CRITICAL, "breaker-open", change.pool(), null,
					"Circuit breaker open for pool " + change.pool() + ": " + what
							+ ". The monkeys stopped acting on it.",
					evidence));
		}
		else {
			logger.info("Circuit breaker closed for pool {}: {}", change.pool(), what);
			this.store.appendEvent(new FleetEvent(now, EventType.BREAKER_CLOSED, null, change.pool(),
					"pool looks healthy again (" + what + "); acting on it again", evidence, "monkey:guard-rails"));
		}
	}

	private void noteLeadership(OptionalLong token, Instant now) {
		boolean leadsNow = token.isPresent();
		if (leadsNow && !this.leading) {
			logger.info("This replica ({}) leads now, fencing token {}", this.lease.replicaId(), token.getAsLong());
			this.store.appendEvent(new FleetEvent(now, EventType.LEADERSHIP_ACQUIRED, null, null,
					"replica " + this.lease.replicaId() + " took the lease",
					Map.of("fencingToken", String.valueOf(token.getAsLong())), "monkey:" + this.lease.replicaId()));
		}
		else if (!leadsNow && this.leading) {
			logger.info("This replica ({}) no longer leads; standing by", this.lease.replicaId());
		}
		this.leading = leadsNow;
	}

	private void redisAway(Instant now, RuntimeException ex) {
		this.leading = false;
		if (!this.redisAway) {
			this.redisAway = true;
			logger.warn("Redis unreachable ({}): the monkeys take no action until it is back", ex.getMessage());
			this.alerts.raise(new Alert(now, Severity.CRITICAL, "redis-unreachable", null, null,
					"monkey-service cannot reach Redis; the monkeys take no action until it is back",
					Map.of("error", String.valueOf(ex.getMessage()))));
		}
	}

	private void redisBack(Instant now) {
		if (this.redisAway) {
			this.redisAway = false;
			// Every heartbeat is as old as the outage: judged now, every node would look
			// hung. The agents write afresh within a heartbeat timeout; until then, hold.
			Duration settle = this.settings.current().settleAfterRedisOutage();
			this.settledAt = now.plus(settle);
			logger.info("Redis reachable again; the monkeys act again in {} s, once the agents have written afresh",
					settle.toSeconds());
		}
	}

	/**
	 * Whether the fleet is suddenly empty, or has fewer than half the admitted (not
	 * {@code JOINING}) nodes of the last snapshot acted on: nodes leave the fleet through
	 * the monkeys' own removals, one at a time, so such a loss is a flushed or
	 * half-restored Redis, never "those nodes are gone". Its agents register again one by
	 * one afterwards, and the monkeys act again once half are back. Nodes merely
	 * registered, never admitted, do not count towards the loss, so removing them is no
	 * alarm.
	 */
	private boolean suddenlyShrunk(int nodes) {
		return (this.lastNodeCount > 0 && nodes == 0) || nodes * 2 < this.lastAdmittedCount;
	}

	private static String verdictKey(Proposal proposal) {
		return proposal.subject() + "/" + proposal.action();
	}

	/** Where a tick's timings are recorded. */
	public interface TickTimings {

		/** Records nothing. */
		TickTimings NONE = new TickTimings() {
		};

		/**
		 * A tick started.
		 * @param sincePreviousStart the time since the previous tick started
		 */
		default void started(Duration sincePreviousStart) {
		}

		/**
		 * A tick ended.
		 * @param took how long it held the monkeys' thread
		 */
		default void ended(Duration took) {
		}

	}

}

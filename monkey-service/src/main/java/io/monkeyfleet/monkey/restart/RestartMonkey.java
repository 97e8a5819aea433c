package io.monkeyfleet.monkey.restart;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.monkey.MonkeyProperties;
import io.monkeyfleet.monkey.guard.GuardRails;
import io.monkeyfleet.monkey.rules.Monkey;
import io.monkeyfleet.monkey.workflow.FleetWorkflow;
import io.monkeyfleet.monkey.workflow.FleetWorkflowStore;
import io.monkeyfleet.store.FleetSnapshot;
import io.monkeyfleet.store.FleetStore;

/**
 * The restart monkey, started by an operator: a rolling restart of a pool (its nodes one
 * at a time, each drained first) or a named restart plan from configuration (its hosts in
 * dependency order). It only records the restart as a workflow; the leader's tick carries
 * it out, through the guard rails, whichever replica was asked.
 */
public class RestartMonkey {

	/** The scope of a plan's workflow: {@code plan-<name>}. */
	public static final String PLAN_PREFIX = "plan-";

	private final FleetStore store;

	private final FleetWorkflowStore workflows;

	private final Supplier<MonkeyProperties> settings;

	private final Clock clock;

	public RestartMonkey(FleetStore store, FleetWorkflowStore workflows, Supplier<MonkeyProperties> settings,
			Clock clock) {
		this.store = store;
		this.workflows = workflows;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Restarts every serving node of the pool, one at a time, in node id order.
	 * @throws UnknownTargetException when the pool has no nodes
	 */
	public Outcome restartPool(String pool, String operator, String reason) {
		FleetSnapshot snapshot = this.store.snapshot();
		List<String> standby = Optional.ofNullable(snapshot.pools().get(pool))
			.map(Pool::standbyHosts)
			.orElse(List.of());
		List<String> hosts = snapshot.nodesInPool(pool)
			.stream()
			.filter((node) -> snapshot.status(node.id()).map((s) -> s.state() == NodeState.ACTIVE).orElse(false))
			.filter((node) -> !standby.contains(GuardRails.hostOf(node)))
			.sorted(Comparator.comparing(Node::id))
			.map(GuardRails::hostOf)
			.toList();
		if (snapshot.nodesInPool(pool).isEmpty()) {
			throw new UnknownTargetException("pool '" + pool + "' has no nodes");
		}
		return start(pool, hosts, Map.of(), operator, reason, "rolling restart of pool " + pool);
	}

	/**
	 * Runs a named restart plan: its hosts in dependency order, each after the hosts it
	 * depends on are back and healthy.
	 * @throws UnknownTargetException when there is no such plan
	 */
	public Outcome runPlan(String plan, String operator, String reason) {
		List<MonkeyProperties.PlanStep> steps = this.settings.get().restart().plans().get(plan);
		if (steps == null) {
			throw new UnknownTargetException("no restart plan named '" + plan + "' (plans: "
					+ String.join(", ", this.settings.get().restart().plans().keySet()) + ")");
		}
		List<String> hosts = RestartPlans.order(steps);
		Map<String, String> smokeTests = new LinkedHashMap<>();
		steps.stream()
			.filter((step) -> step.smokeTestPath() != null)
			.forEach((step) -> smokeTests.put(step.host(), step.smokeTestPath()));
		return start(PLAN_PREFIX + plan, hosts, smokeTests, operator, reason, "restart plan " + plan);
	}

	private Outcome start(String scope, List<String> hosts, Map<String, String> smokeTests, String operator,
			String reason, String what) {
		Instant now = this.clock.instant();
		MonkeyProperties settings = this.settings.get();
		String actor = "operator:" + operator;
		Map<String, String> evidence = new LinkedHashMap<>();
		evidence.put("hosts", String.join(",", hosts));
		evidence.put("operator", operator);
		if (!settings.enabled() || !settings.enabled(Monkey.RESTART)) {
			return refuse(scope, what, hosts, "restart-switch", "the restart monkey is disabled", now, actor, evidence);
		}
		Optional<FleetWorkflow> running = this.workflows.inFlight()
			.stream()
			.filter((workflow) -> workflow.monkey() == Monkey.RESTART && workflow.pool().equals(scope))
			.findFirst();
		if (running.isPresent()) {
			return refuse(scope, what, hosts, "pool-busy", "restart " + running.get().id() + " is still in flight", now,
					actor, evidence);
		}
		if (hosts.isEmpty()) {
			return refuse(scope, what, hosts, "nothing-to-restart", "no ACTIVE node to restart", now, actor, evidence);
		}
		if (settings.dryRun(Monkey.RESTART)) {
			record(EventType.ACTION_DRY_RUN, scope, "would run " + what + " (" + String.join(" → ", hosts)
					+ "), but the restart monkey is in dry-run: " + reason, now, actor, evidence);
			return new Outcome(Outcome.Kind.DRY_RUN, null, hosts, "dry-run", "the restart monkey is in dry-run");
		}
		FleetWorkflow workflow = RestartWorkflow.workflow(scope, hosts, smokeTests, now, reason, evidence);
		this.workflows.recordStart(Monkey.RESTART, scope, now);
		this.workflows.save(workflow);
		record(EventType.ACTION_PROPOSED, scope,
				what + " asked by " + operator + " (" + String.join(" → ", hosts) + "): " + reason, now, actor,
				evidence);
		return new Outcome(Outcome.Kind.STARTED, workflow.id(), hosts, null, "started");
	}

	private Outcome refuse(String scope, String what, List<String> hosts, String guard, String why, Instant now,
			String actor, Map<String, String> evidence) {
		Map<String, String> withGuard = new LinkedHashMap<>(evidence);
		withGuard.put("guard", guard);
		record(EventType.ACTION_SKIPPED, scope, what + " refused: " + why, now, actor, withGuard);
		return new Outcome(Outcome.Kind.REFUSED, null, hosts, guard, why);
	}

	private void record(EventType type, String scope, String what, Instant now, String actor,
			Map<String, String> evidence) {
		String pool = scope.startsWith(PLAN_PREFIX) ? null : scope;
		this.store.appendEvent(new FleetEvent(now, type, null, pool, what, evidence, actor));
	}

	/**
	 * What became of a restart request.
	 *
	 * @param kind started, recorded only (dry-run), or refused
	 * @param workflowId the workflow, when started
	 * @param hosts the hosts in the order they are restarted
	 * @param guard the rail that refused, or dry-run
	 * @param why in words
	 */
	public record Outcome(Kind kind, String workflowId, List<String> hosts, String guard, String why) {

		public enum Kind {

			STARTED, DRY_RUN, REFUSED

		}

		public Outcome {
			hosts = new ArrayList<>(hosts);
		}

	}

	/** The pool or plan asked for does not exist. */
	public static class UnknownTargetException extends IllegalArgumentException {

		public UnknownTargetException(String message) {
			super(message);
		}

	}

}

package io.monkeyfleet.monkey.restart;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.alerts.Alert;
import io.monkeyfleet.monkey.alerts.Alerts;
import io.monkeyfleet.monkey.alerts.Severity;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.guard.GuardRails;
import io.monkeyfleet.monkey.guard.Verdict;
import io.monkeyfleet.monkey.provisioning.Provisioner;
import io.monkeyfleet.monkey.rules.Action;
import io.monkeyfleet.monkey.rules.DoctorPolicy;
import io.monkeyfleet.monkey.rules.Evidence;
import io.monkeyfleet.monkey.rules.HealthyStreak;
import io.monkeyfleet.monkey.rules.Monkey;
import io.monkeyfleet.monkey.rules.Proposal;
import io.monkeyfleet.monkey.workflow.Drain;
import io.monkeyfleet.monkey.workflow.FleetWorkflow;
import io.monkeyfleet.monkey.workflow.WorkflowHandler;
import io.monkeyfleet.monkey.workflow.WorkflowSteps;

/**
 * A restart of hosts one at a time, in order. A host that runs an ACTIVE fleet node is
 * taken out of rotation first, and only when the guard rails allow it (the pool keeps its
 * minimum healthy, nothing else changes the pool meanwhile):
 * {@code NEXT → DRAINING → RESTARTING} (the provisioner stops and starts the host, awaits
 * its health and runs its smoke test) {@code → RECOVERING} (K consecutive healthy
 * samples) {@code → ACTIVE}, then the next host. Any other host is simply restarted. A
 * host that fails stops the restart: its node is quarantined for an operator and an alert
 * says where it stopped.
 */
public final class RestartWorkflow implements WorkflowHandler {

	static final String NEXT = "NEXT";

	static final String DRAINING = "DRAINING";

	static final String RESTARTING = "RESTARTING";

	static final String RECOVERING = "RECOVERING";

	static final String HOSTS = "hosts";

	static final String INDEX = "index";

	/**
	 * A fact per host with a smoke test: its path, under this prefix and the position.
	 */
	static final String SMOKE_TEST = "smoke-test-";

	private final Provisioner provisioner;

	private final WorkflowSteps steps;

	private final Alerts alerts;

	private final Supplier<Duration> stepTimeout;

	private final Supplier<Duration> drainTimeout;

	private final Function<String, DoctorPolicy> doctorPolicy;

	public RestartWorkflow(Provisioner provisioner, WorkflowSteps steps, Alerts alerts, Supplier<Duration> stepTimeout,
			Supplier<Duration> drainTimeout, Function<String, DoctorPolicy> doctorPolicy) {
		this.provisioner = provisioner;
		this.steps = steps;
		this.alerts = alerts;
		this.stepTimeout = stepTimeout;
		this.drainTimeout = drainTimeout;
		this.doctorPolicy = doctorPolicy;
	}

	@Override
	public Monkey monkey() {
		return Monkey.RESTART;
	}

	/**
	 * A restart of the hosts in this order.
	 * @param scope the pool, or {@code plan-<name>} for a restart plan
	 * @param smokeTests each host's smoke test path, where it has its own
	 */
	public static FleetWorkflow workflow(String scope, List<String> hosts, Map<String, String> smokeTests, Instant now,
			String reason, Map<String, String> evidence) {
		FleetWorkflow workflow = FleetWorkflow.start(Monkey.RESTART, scope, null, NEXT, now, reason, evidence)
			.with(HOSTS, String.join(",", hosts))
			.with(INDEX, "0");
		// By position, not host id: a fact's key is also an event's evidence key, which a
		// host id with a prefix could make too long.
		for (int index = 0; index < hosts.size(); index++) {
			String path = smokeTests.get(hosts.get(index));
			if (path != null) {
				workflow = workflow.with(SMOKE_TEST + index, path);
			}
		}
		return workflow;
	}

	/** The smoke test path of the host at {@code index}, or {@code null} for none. */
	static String smokeTestPath(FleetWorkflow workflow, String index) {
		return workflow.fact(SMOKE_TEST + index);
	}

	@Override
	public boolean holdsNodeOut(FleetWorkflow workflow) {
		return workflow.nodeId() != null;
	}

	@Override
	public Optional<FleetWorkflow> advance(FleetWorkflow workflow, FleetView view, long fencingToken, Judge judge) {
		Instant now = view.now();
		if (!now.isBefore(workflow.stepSince().plus(this.stepTimeout.get()))) {
			return fail(workflow, view, "host " + currentHost(workflow) + " did not get through step " + workflow.step()
					+ " within " + this.stepTimeout.get().toSeconds() + " s");
		}
		return switch (workflow.step()) {
			case NEXT -> next(workflow, view, fencingToken, judge);
			case DRAINING -> drain(workflow, view, fencingToken);
			case RESTARTING -> awaitRestart(workflow, view);
			case RECOVERING -> awaitRecovery(workflow, view);
			default -> Optional.of(workflow);
		};
	}

	private Optional<FleetWorkflow> next(FleetWorkflow workflow, FleetView view, long fencingToken, Judge judge) {
		Instant now = view.now();
		List<String> hosts = hosts(workflow);
		int index = Integer.parseInt(workflow.fact(INDEX));
		if (index >= hosts.size()) {
			long seconds = Duration.between(workflow.startedAt(), now).toSeconds();
			this.steps.step(workflow, now, "restart done: " + hosts.size() + " host(s) in " + seconds + " s");
			this.alerts.raise(new Alert(now, Severity.INFO, "restart-done", poolOrNull(workflow), null,
					"Restart of " + String.join(", ", hosts) + " done in " + seconds + " s: " + workflow.reason(),
					Map.of()));
			return Optional.empty();
		}
		String host = hosts.get(index);
		Optional<Node> node = view.snapshot()
			.nodes()
			.values()
			.stream()
			.filter((candidate) -> GuardRails.hostOf(candidate).equals(host))
			.filter((candidate) -> view.stateOf(candidate.id()) == NodeState.ACTIVE)
			.findFirst();
		if (node.isEmpty()) {
			return restart(workflow.onNode(null), host, now, fencingToken, "restarting host " + host);
		}
		Verdict verdict = judge.judge(new Proposal(Action.RESTART, node.get().id(), node.get().pool(),
				"restart " + (index + 1) + " of " + hosts.size() + ": " + workflow.reason(), workflow.evidence(),
				"restart"));
		if (verdict.outcome() != Verdict.Outcome.CARRY_OUT) {
			String waiting = verdict.guard() + ": " + verdict.why();
			if (waiting.equals(workflow.fact("waiting"))) {
				return Optional.of(workflow);
			}
			FleetWorkflow held = workflow.with("waiting", waiting);
			this.steps.step(held, now, "waiting before taking " + node.get().id() + " out: " + waiting);
			return Optional.of(held);
		}
		FleetWorkflow draining = workflow.onNode(node.get().id()).with("waiting", "").at(DRAINING, now);
		if (!this.steps.move(draining, node.get().id(), NodeState.ACTIVE, NodeState.DRAINING,
				"rolling restart: " + workflow.reason(), Map.of())) {
			return Optional.of(workflow);
		}
		this.steps.step(draining, now, "draining " + node.get().id() + " before its restart");
		return Optional.of(draining);
	}

	private Optional<FleetWorkflow> drain(FleetWorkflow workflow, FleetView view, long fencingToken) {
		Instant now = view.now();
		Drain drain = Drain.of(view, workflow.nodeId(), workflow.stepSince(), this.drainTimeout.get());
		if (!drain.done()) {
			return Optional.of(workflow);
		}
		String host = currentHost(workflow);
		this.steps.move(workflow, workflow.nodeId(), NodeState.DRAINING, NodeState.REBOOTING,
				drain.how() + "; restarting host " + host, Map.of());
		return restart(workflow, host, now, fencingToken, drain.how() + "; restarting host " + host);
	}

	private Optional<FleetWorkflow> restart(FleetWorkflow workflow, String host, Instant now, long fencingToken,
			String what) {
		String index = workflow.fact(INDEX);
		String jobId = this.provisioner.restart(host, smokeTestPath(workflow, index), fencingToken,
				workflow.key("restart-" + index), workflow.reason());
		FleetWorkflow restarting = workflow.with("job", jobId).at(RESTARTING, now);
		this.steps.step(restarting, now, what + " (job " + jobId + ")");
		return Optional.of(restarting);
	}

	private Optional<FleetWorkflow> awaitRestart(FleetWorkflow workflow, FleetView view) {
		Instant now = view.now();
		Provisioner.JobState job = this.provisioner.job(workflow.fact("job"));
		if (job == Provisioner.JobState.RUNNING) {
			return Optional.of(workflow);
		}
		if (job == Provisioner.JobState.FAILED) {
			return fail(workflow, view, "the restart job " + workflow.fact("job") + " of host " + currentHost(workflow)
					+ " failed (stop, start, health or smoke test)");
		}
		if (workflow.nodeId() == null) {
			return nextHost(workflow, now, "host " + currentHost(workflow) + " restarted and passed its smoke test");
		}
		this.steps.move(workflow, workflow.nodeId(), NodeState.REBOOTING, NodeState.RECOVERING,
				"restart job " + workflow.fact("job") + " finished", Map.of("job", workflow.fact("job")));
		FleetWorkflow recovering = workflow.at(RECOVERING, now);
		this.steps.step(recovering, now, "restarted; waiting for healthy samples of " + workflow.nodeId());
		return Optional.of(recovering);
	}

	private Optional<FleetWorkflow> awaitRecovery(FleetWorkflow workflow, FleetView view) {
		Instant now = view.now();
		Optional<Node> node = Optional.ofNullable(view.snapshot().nodes().get(workflow.nodeId()));
		Optional<List<MetricsSample>> streak = node.flatMap((n) -> HealthyStreak.of(view.history(), n.id(),
				workflow.stepSince(), now, this.doctorPolicy.apply(n.pool())));
		if (streak.isEmpty()) {
			return Optional.of(workflow);
		}
		this.steps.move(workflow, workflow.nodeId(), NodeState.RECOVERING, NodeState.ACTIVE,
				"restarted: " + streak.get().size() + " consecutive healthy samples", Evidence.of(streak.get()));
		return nextHost(workflow, now, workflow.nodeId() + " back ACTIVE");
	}

	private Optional<FleetWorkflow> nextHost(FleetWorkflow workflow, Instant now, String what) {
		int index = Integer.parseInt(workflow.fact(INDEX));
		FleetWorkflow next = workflow.with(INDEX, String.valueOf(index + 1)).onNode(null).at(NEXT, now);
		this.steps.step(workflow, now, what + " (" + (index + 1) + " of " + hosts(workflow).size() + ")");
		return Optional.of(next);
	}

	private Optional<FleetWorkflow> fail(FleetWorkflow workflow, FleetView view, String why) {
		Instant now = view.now();
		if (workflow.nodeId() != null) {
			this.steps.store().status(workflow.nodeId()).ifPresent((status) -> {
				if (status.state() != NodeState.ACTIVE && status.state().canMoveTo(NodeState.QUARANTINED)) {
					this.steps.store()
						.transition(workflow.nodeId(), status, NodeState.QUARANTINED, "restart failed: " + why,
								WorkflowSteps.actor(workflow), Map.of("workflow", workflow.id()));
				}
			});
		}
		this.steps.step(workflow, now, "restart stopped: " + why);
		this.alerts.raise(new Alert(now, Severity.CRITICAL, "restart-failed", poolOrNull(workflow), workflow.nodeId(),
				"Restart stopped at host " + currentHost(workflow) + ": " + why
						+ ((workflow.nodeId() != null) ? "; node " + workflow.nodeId() + " quarantined" : "")
						+ ". Hosts after it were not restarted.",
				workflow.facts()));
		return Optional.empty();
	}

	private static List<String> hosts(FleetWorkflow workflow) {
		return Arrays.asList(workflow.fact(HOSTS).split(","));
	}

	private static String currentHost(FleetWorkflow workflow) {
		List<String> hosts = hosts(workflow);
		int index = Integer.parseInt(workflow.fact(INDEX));
		return (index < hosts.size()) ? hosts.get(index) : "(none)";
	}

	private static String poolOrNull(FleetWorkflow workflow) {
		return workflow.pool().startsWith(RestartMonkey.PLAN_PREFIX) ? null : workflow.pool();
	}

}

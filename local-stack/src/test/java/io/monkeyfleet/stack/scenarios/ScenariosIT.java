package io.monkeyfleet.stack.scenarios;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import io.monkeyfleet.loadgen.LoadRun;
import io.monkeyfleet.loadgen.chaos.ChaosInjector;
import io.monkeyfleet.loadgen.chaos.ChaosStep;
import io.monkeyfleet.loadgen.chaos.ProvisionerDirectory;
import io.monkeyfleet.loadgen.run.Report;
import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.stack.LocalStack;
import io.monkeyfleet.stack.StackChecks;
import io.monkeyfleet.stack.MailCatcher;
import io.monkeyfleet.stack.Ports;
import io.monkeyfleet.stack.Progress;
import io.monkeyfleet.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The end-to-end scenarios: the real local stack (the launcher {@code run-local.sh}
 * starts, every part a real process on a real Redis), load through the gateway from the
 * load generator (open-loop, 100 requests a second, 5 % malformed), one fault injected
 * per scenario, and what the fleet did asserted from its event stream, the provisioner's
 * jobs, the mails that arrived and the load's own count of failed requests.
 *
 * <p>
 * The scenarios share one stack, in this order (each leaves the fleet as it found it:
 * three nodes {@code ACTIVE}); monkey-service is restarted with the settings a scenario
 * needs (the monkeys read them at start-up). Each prints a one-screen summary; the
 * figures go to {@code target/scenario-results.md} (and, by hand, to docs/benchmarks.md).
 * Run one alone with {@code -Dit.test=ScenariosIT#doctor}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScenariosIT {

	private static final Duration REPAIR_DEADLINE = Duration.ofMinutes(4);

	/** Monkeys a scenario does not test are off, so they cannot blur what it measures. */
	private static final List<String> DOCTOR_ONLY = List.of("--monkeyfleet.monkey.doctor.defaults.grace-period=5s",
			"--monkeyfleet.monkey.repair.drain-timeout=10s", "--monkeyfleet.monkey.repair.backoff=0s",
			"--monkeyfleet.monkey.repair.recovery-timeout=120s", "--monkeyfleet.monkey.gift.enabled=false",
			"--monkeyfleet.monkey.scale-in.enabled=false", "--monkeyfleet.monkey.migration.enabled=false");

	private static LocalStack stack;

	private static ChaosInjector chaos;

	private static List<String> nodes;

	@BeforeAll
	static void startTheStack() {
		Path repository = Path.of("..").toAbsolutePath().normalize();
		StackSettings settings = new StackSettings(repository, Path.of("target", "scenario-stack"), 3, Ports.free(3),
				DOCTOR_ONLY, List.of(), List.of(), List.of());
		stack = LocalStack.start(settings, new Progress(System.out, false));
		System.out.printf("Local stack healthy in %.1f s%n", stack.timeToHealthy().toMillis() / 1000.0);
		nodes = settings.nodes();
		chaos = new ChaosInjector(new ProvisionerDirectory(stack.provisionerUrl(), stack.operatorToken()),
				java.time.Clock.systemUTC());
	}

	@AfterAll
	static void stopTheStack() {
		if (chaos != null) {
			chaos.close();
		}
		if (stack != null) {
			stack.close();
		}
	}

	@Test
	@Order(1)
	void doctor() throws InterruptedException {
		Scenario scenario = Scenario.begin("doctor", "one node burns CPU under 100 req/s", stack);
		awaitActive(scenario, nodes);
		Report report;
		Instant fault;
		try (LoadRun load = load(Duration.ofMinutes(6))) {
			scenario.mark("load: 100 req/s through the gateway");
			StackChecks.awaitRequests(load, 300);
			// Two cores: on a busy machine one spinning thread may not reach the doctor's
			// 90 %.
			fault = inject(scenario, "0s:cpu:node-1:120:2");
			awaitRepair(scenario, "node-1", fault);
			StackChecks.awaitRequests(load, 300);
			load.stop();
			report = load.await();
		}
		Instant drained = scenario.reached("node-1", NodeState.DRAINING, fault).orElseThrow();
		Instant back = scenario.reached("node-1", NodeState.ACTIVE, drained).orElseThrow();
		scenario.seconds("detection (burn to DRAINING)", fault, drained);
		scenario.seconds("back ACTIVE after the burn began", fault, back);
		scenario.seconds("re-admitted after the reboot",
				scenario.reached("node-1", NodeState.RECOVERING, drained).orElseThrow(), back);
		List<MailCatcher.Mail> mails = awaitMail(scenario, "repair-started", "node-1");
		scenario.figure("alert mails", mails.stream().map(MailCatcher.Mail::subject).toList().toString());
		scenario.summarize(report);

		assertThat(scenario.transitions("node-1")).containsExactly(NodeState.DRAINING, NodeState.REBOOTING,
				NodeState.RECOVERING, NodeState.ACTIVE);
		assertThat(rebootJobsSince("node-1", fault)).singleElement()
			.satisfies((job) -> assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED"));
		assertThat(mails).anySatisfy((mail) -> assertThat(mail.to()).contains("ops@localhost"));
		assertThat(report.failed()).as("failed requests: %s", report.failures()).isZero();
	}

	@Test
	@Order(2)
	void hung() throws InterruptedException {
		Scenario scenario = Scenario.begin("hung", "one node SIGSTOPped (app and agent) under 100 req/s", stack);
		awaitActive(scenario, nodes);
		GatewayMetrics gateway = new GatewayMetrics(stack.gatewayUrl());
		Map<Instant, Long> routed = new ConcurrentHashMap<>();
		Report report;
		Instant fault;
		try (LoadRun load = load(Duration.ofMinutes(6))) {
			scenario.mark("load: 100 req/s through the gateway");
			StackChecks.awaitRequests(load, 300);
			fault = inject(scenario, "0s:sigstop:node-2");
			// How many requests the gateway sent node-2, every 100 ms: when it stops
			// growing, node-2 is out of rotation.
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
				routed.put(Instant.now(), gateway.routedTo("node-2"));
				return scenario.reached("node-2", NodeState.DRAINING, fault).isPresent()
						&& Duration.between(fault, Instant.now()).toSeconds() >= 10;
			});
			awaitRepair(scenario, "node-2", fault);
			StackChecks.awaitRequests(load, 300);
			load.stop();
			report = load.await();
		}
		Instant lastRouted = lastIncrease(routed);
		Instant drained = scenario.reached("node-2", NodeState.DRAINING, fault).orElseThrow();
		Instant back = scenario.reached("node-2", NodeState.ACTIVE, drained).orElseThrow();
		scenario.seconds("out of the gateway's rotation (stop to last request routed to it)", fault, lastRouted);
		scenario.seconds("detection (stop to DRAINING)", fault, drained);
		scenario.seconds("back ACTIVE after the stop", fault, back);
		scenario.summarize(report);

		assertThat(Duration.between(fault, lastRouted)).as("out of rotation within 2 s")
			.isLessThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(scenario.transitions("node-2")).containsExactly(NodeState.DRAINING, NodeState.REBOOTING,
				NodeState.RECOVERING, NodeState.ACTIVE);
		assertThat((double) report.failed() / report.requests()).as("failed share: %s", report.failures())
			.isLessThanOrEqualTo(0.001);
	}

	@Test
	@Order(3)
	void breaker() throws InterruptedException {
		Scenario scenario = Scenario.begin("breaker", "the agents of 2 of 3 nodes killed under 100 req/s", stack);
		awaitActive(scenario, nodes);
		Report report;
		Instant fault;
		Instant opened;
		try (LoadRun load = load(Duration.ofMinutes(6))) {
			scenario.mark("load: 100 req/s through the gateway");
			StackChecks.awaitRequests(load, 300);
			fault = inject(scenario, "0s:sigkill:node-1/agent");
			inject(scenario, "0s:sigkill:node-3/agent");
			opened = await("the breaker opens").atMost(Duration.ofSeconds(60))
				.until(() -> scenario.events(EventType.BREAKER_OPENED, null), (events) -> !events.isEmpty())
				.get(0)
				.time();
			// Long enough for the doctor to have acted several times over, had it been
			// allowed (a heartbeat timeout is 5 s): nothing happens.
			await("nothing done while the breaker is open").during(Duration.ofSeconds(15))
				.atMost(Duration.ofSeconds(25))
				.until(() -> scenario.events(EventType.NODE_STATE_CHANGED, null).isEmpty()
						&& rebootJobsSince("node-1", fault).isEmpty() && rebootJobsSince("node-3", fault).isEmpty());
			load.stop();
			report = load.await();
		}
		List<FleetEvent> transitions = scenario.events(EventType.NODE_STATE_CHANGED, null);
		List<MailCatcher.Mail> breakerMails = scenario.mails()
			.stream()
			.filter((mail) -> mail.subject().contains("breaker"))
			.toList();
		scenario.seconds("breaker open after the kills", fault, opened);
		scenario.figure("reboots",
				String.valueOf(nodes.stream().mapToLong((node) -> rebootJobsSince(node, fault).size()).sum()));
		scenario.figure("alert mails", scenario.mails().stream().map(MailCatcher.Mail::subject).toList().toString());
		scenario.summarize(report);
		restoreAgents(scenario, List.of("node-1", "node-3"));

		assertThat(transitions).as("no node changed state while the breaker was open").isEmpty();
		for (String node : nodes) {
			assertThat(rebootJobsSince(node, fault)).as("reboots of " + node).isEmpty();
		}
		assertThat(breakerMails).as("one breaker alert").hasSize(1);
		assertThat(report.failed()).as("failed requests: %s", report.failures()).isZero();
	}

	@Test
	@Order(4)
	void redisOutage() throws InterruptedException {
		Scenario scenario = Scenario.begin("redis-outage", "Redis stopped for 30 s under 100 req/s", stack);
		awaitActive(scenario, nodes);
		Report report;
		Instant stopped;
		Instant returned;
		try (LoadRun load = load(Duration.ofMinutes(6))) {
			scenario.mark("load: 100 req/s through the gateway");
			StackChecks.awaitRequests(load, 300);
			stopped = scenario.mark("Redis stopped");
			stack.redis().stop();
			await("30 s without Redis, and no failed request").during(Duration.ofSeconds(30))
				.atMost(Duration.ofSeconds(35))
				.until(() -> load.results().failed() == 0);
			stack.redis().start();
			assertThat(stack.redis().awaitAnswer(Duration.ofSeconds(20))).isTrue();
			returned = scenario.mark("Redis back");
			// Reconciled: every node ACTIVE with a fresh sample, and every node serving.
			Set<String> answering = ConcurrentHashMap.newKeySet();
			await("everything reconciled").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					answering.clear();
					answering.addAll(StackChecks.answeredSince(load.report(), returned.plusSeconds(2)));
					return StackChecks.activeNodes(stack).containsAll(nodes) && StackChecks.freshSamples(stack, nodes)
							&& answering.containsAll(nodes);
				});
			scenario.mark("reconciled: all nodes ACTIVE, sampled and serving");
			StackChecks.awaitRequests(load, 300);
			load.stop();
			report = load.await();
		}
		long jobs = nodes.stream().mapToLong((node) -> jobsSince(node, stopped).size()).sum();
		List<FleetEvent> transitions = scenario.events(EventType.NODE_STATE_CHANGED, null);
		scenario.figure("monkey actions (transitions, provisioner jobs)", transitions.size() + ", " + jobs);
		scenario.figure("alert mails", scenario.mails().stream().map(MailCatcher.Mail::subject).toList().toString());
		scenario.summarize(report);

		assertThat(transitions).as("no node changed state").isEmpty();
		assertThat(jobs).as("no provisioner job").isZero();
		assertThat(report.failed()).as("failed requests: %s", report.failures()).isZero();
	}

	@Test
	@Order(5)
	void clusterRestart() throws InterruptedException {
		Scenario scenario = Scenario.begin("cluster-restart",
				"a rolling restart of pool web started through the admin API under 100 req/s", stack);
		awaitActive(scenario, nodes);
		Report report;
		Instant asked;
		try (LoadRun load = load(Duration.ofMinutes(8))) {
			scenario.mark("load: 100 req/s through the gateway");
			StackChecks.awaitRequests(load, 300);
			asked = scenario.mark("operator: POST /api/pools/web/rolling-restart");
			HttpResponse<String> answer = adminPost("/api/pools/web/rolling-restart",
					"{\"reason\":\"scenario cluster-restart\"}");
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
			explained(scenario,
					() -> await("every node restarted and back ACTIVE").atMost(Duration.ofMinutes(5))
						.pollInterval(Duration.ofMillis(500))
						.until(() -> nodes.stream()
							.allMatch((node) -> scenario.reached(node, NodeState.RECOVERING, asked)
								.flatMap((recovering) -> scenario.reached(node, NodeState.ACTIVE, recovering))
								.isPresent())));
			scenario.mark("every node restarted and back ACTIVE");
			StackChecks.awaitRequests(load, 300);
			load.stop();
			report = load.await();
		}
		List<FleetEvent> transitions = scenario.events(EventType.NODE_STATE_CHANGED, null);
		Instant done = transitions.get(transitions.size() - 1).time();
		scenario.seconds("the whole rolling restart", asked, done);
		scenario.figure("most nodes out of rotation at once", String.valueOf(mostOutOfRotation(transitions)));
		scenario.summarize(report);

		for (String node : nodes) {
			assertThat(scenario.transitions(node)).as(node)
				.containsExactly(NodeState.DRAINING, NodeState.REBOOTING, NodeState.RECOVERING, NodeState.ACTIVE);
			assertThat(jobsSince(node, asked)).as("the provisioner's jobs for " + node)
				.singleElement()
				.satisfies((job) -> assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED"));
		}
		assertThat(mostOutOfRotation(transitions)).as("one node at a time").isEqualTo(1);
		assertThat(report.failed()).as("failed requests: %s", report.failures()).isZero();
	}

	@Test
	@Order(6)
	void gift() throws InterruptedException {
		// 70 % of one core per node is out of reach for three nodes on a two-core
		// machine shared with the gateway and the load: the threshold is the gift's
		// setting, lowered here to what such a machine can show, and the window of
		// scale-in shortened. The load is raised until the pool is clearly above it.
		int threshold = 30;
		int target = threshold + 10;
		Scenario scenario = Scenario.begin("gift", "load raised until the pool averages over " + target
				+ " % CPU (gift threshold " + threshold + " %), then dropped", stack);
		awaitActive(scenario, nodes);
		stack.restartMonkey(settings(List.of("--monkeyfleet.monkey.migration.enabled=false",
				"--monkeyfleet.monkey.gift.enabled=true", "--monkeyfleet.monkey.scale-in.enabled=true",
				"--monkeyfleet.monkey.gift.cpu-threshold=" + threshold, "--monkeyfleet.monkey.gift.samples=3",
				"--monkeyfleet.monkey.gift.warm-up=5s", "--monkeyfleet.monkey.gift.cooldown=120s",
				"--monkeyfleet.monkey.gift.join-timeout=150s", "--monkeyfleet.monkey.scale-in.cpu-threshold=15",
				"--monkeyfleet.monkey.scale-in.window=20s")));
		scenario.mark("monkey-service restarted with the gift and scale-in monkeys on");
		Set<String> before = Set.copyOf(nodes);
		Report report;
		Report heavyReport;
		java.util.NavigableMap<Instant, Integer> steps = new java.util.TreeMap<>();
		Instant dropped;
		String launched;
		Instant serving;
		try (LoadRun load = load(Duration.ofMinutes(10))) {
			scenario.mark("load: 100 req/s through the gateway");
			StackChecks.awaitRequests(load, 300);
			LoadRun heavy = null;
			try {
				// CPU-bound requests (20 ms of one core each), raised step by step until
				// the pool is clearly over the threshold or the gift monkey acts; a
				// machine too busy to get that far at the top step must at least be over
				// the threshold itself.
				boolean hot = false;
				for (int rate = 20; rate <= 160 && !hot; rate += 20) {
					if (heavy != null) {
						heavy.close();
					}
					heavy = cpuLoad(rate);
					steps.put(scenario.mark("CPU load raised to " + rate + " req/s of /work?ms=20&cpu=true"), rate);
					int goal = (rate < 160) ? target : threshold;
					try {
						await().atMost(Duration.ofSeconds(10))
							.pollInterval(Duration.ofMillis(500))
							.until(() -> averageCpu(before) > goal || launchProposed(scenario).isPresent());
						hot = true;
					}
					catch (org.awaitility.core.ConditionTimeoutException ex) {
						// Not hot enough yet: one more step.
					}
					scenario.mark(String.format(java.util.Locale.ROOT, "pool average CPU %.0f %%", averageCpu(before)));
				}
				assertThat(hot).as("the pool's average CPU went over %d %%; %s", threshold, scenario.timeline())
					.isTrue();
				launched = explained(scenario,
						() -> await("a node launched and ACTIVE").atMost(Duration.ofMinutes(4))
							.pollInterval(Duration.ofMillis(500))
							.until(() -> StackChecks.activeNodes(stack)
								.stream()
								.filter((node) -> !before.contains(node))
								.findFirst(), java.util.Optional::isPresent)
							.get());
				Instant since = steps.firstKey();
				await("the new node serving").atMost(Duration.ofMinutes(1))
					.pollInterval(Duration.ofMillis(200))
					.until(() -> load.report().firstAnswer(launched, since), java.util.Optional::isPresent);
				serving = scenario.mark(launched + " answers requests through the gateway");
				heavy.stop();
				heavyReport = heavy.await();
				dropped = scenario.mark("CPU load dropped");
			}
			finally {
				if (heavy != null) {
					heavy.close();
				}
			}
			String added = launched;
			explained(scenario,
					() -> await(added + " scaled in").atMost(Duration.ofMinutes(3))
						.pollInterval(Duration.ofMillis(500))
						.until(() -> !scenario.events(EventType.NODE_REMOVED, added).isEmpty()));
			scenario.mark(launched + " removed");
			StackChecks.awaitRequests(load, 300);
			load.stop();
			report = load.await();
		}
		// The load step that made the pool hot: the one in force when the launch was
		// proposed.
		Instant proposed = launchProposed(scenario).orElseThrow();
		Map.Entry<Instant, Integer> step = steps.floorEntry(proposed);
		Instant launchedAt = scenario.reached(launched, NodeState.ACTIVE, step.getKey()).orElseThrow();
		Instant removedAt = scenario.events(EventType.NODE_REMOVED, launched).get(0).time();
		scenario.figure("the load step", "to " + step.getValue() + " req/s of CPU-bound requests");
		scenario.seconds("load step to the launch", step.getKey(), proposed);
		scenario.seconds("load step to the new node ACTIVE", step.getKey(), launchedAt);
		scenario.seconds("load step to the new node serving", step.getKey(), serving);
		scenario.seconds("load dropped to the new node removed", dropped, removedAt);
		scenario.figure("CPU load", heavyReport.requests() + " requests, " + heavyReport.failed() + " failed, p99 "
				+ heavyReport.latencyMs().p99() + " ms");
		scenario.summarize(report);

		assertThat(scenario.transitions(launched)).containsSubsequence(NodeState.ACTIVE, NodeState.DRAINING,
				NodeState.TERMINATING);
		assertThat(StackChecks.activeNodes(stack)).containsExactlyInAnyOrderElementsOf(before);
		assertThat(report.failed()).as("failed requests: %s", report.failures()).isZero();
	}

	@Test
	@Order(7)
	void migration() throws InterruptedException {
		Scenario scenario = Scenario.begin("migration", "memory filled on a node under 100 req/s", stack);
		awaitActive(scenario, nodes);
		stack.restartMonkey(settings(List.of("--monkeyfleet.monkey.doctor.enabled=false",
				"--monkeyfleet.monkey.migration.enabled=true", "--monkeyfleet.monkey.migration.memory-threshold=70",
				"--monkeyfleet.monkey.migration.samples=3", "--monkeyfleet.monkey.migration.cooldown=1s",
				"--monkeyfleet.monkey.migration.target-timeout=90s", "--monkeyfleet.monkey.repair.drain-timeout=5s")));
		scenario.mark("monkey-service restarted with the migration monkey on, the doctor off");
		Report report;
		Instant fault;
		Instant serving;
		try (LoadRun load = load(Duration.ofMinutes(10))) {
			scenario.mark("load: 100 req/s through the gateway");
			StackChecks.awaitRequests(load, 300);
			fault = inject(scenario, "0s:memory:node-1:90");
			explained(scenario,
					() -> await("node-1's service moved to the standby").atMost(Duration.ofMinutes(3))
						.pollInterval(Duration.ofMillis(500))
						.until(() -> StackChecks.activeNodes(stack).contains("standby-1")
								&& !StackChecks.activeNodes(stack).contains("node-1")));
			await("the standby serving").atMost(Duration.ofMinutes(1))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> load.report().firstAnswer("standby-1", fault), java.util.Optional::isPresent);
			serving = scenario.mark("standby-1 answers requests through the gateway");
			await("the migration done").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> scenario.events(EventType.WORKFLOW_STEP, null)
					.stream()
					.anyMatch((event) -> event.reason().contains("migration done")));
			StackChecks.awaitRequests(load, 300);
			load.stop();
			report = load.await();
		}
		Instant switched = scenario.reached("standby-1", NodeState.ACTIVE, fault).orElseThrow();
		scenario.seconds("memory fill to the switch", fault, switched);
		scenario.seconds("memory fill to the standby serving", fault, serving);
		scenario.summarize(report);

		assertThat(stack.store().pool("web").orElseThrow().standbyHosts()).containsExactly("node-1");
		assertThat(StackChecks.activeNodes(stack)).contains("standby-1", "node-2", "node-3").doesNotContain("node-1");
		assertThat(report.failed()).as("failed requests: %s", report.failures()).isZero();
	}

	/** The most nodes out of rotation (left ACTIVE, not back yet) at any one moment. */
	private static int mostOutOfRotation(List<FleetEvent> transitions) {
		Set<String> out = new java.util.HashSet<>();
		int most = 0;
		for (FleetEvent event : transitions) {
			if ("ACTIVE".equals(event.evidence().get("to"))) {
				out.remove(event.nodeId());
			}
			else {
				out.add(event.nodeId());
			}
			most = Math.max(most, out.size());
		}
		return most;
	}

	/** A POST to monkey-service's admin API with the local stack's operator token. */
	private static HttpResponse<String> adminPost(String path, String json) throws InterruptedException {
		try {
			return HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(stack.monkeyUrl().resolve(path))
					.header("Authorization", "Bearer " + stack.adminToken())
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(json))
					.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/**
	 * The scenarios' base settings (doctor only) with {@code extra} in place of the same
	 * keys.
	 */
	private static List<String> settings(List<String> extra) {
		List<String> settings = new ArrayList<>();
		for (String base : DOCTOR_ONLY) {
			String key = base.substring(0, base.indexOf('='));
			if (extra.stream().noneMatch((e) -> e.startsWith(key + "="))) {
				settings.add(base);
			}
		}
		settings.addAll(extra);
		return settings;
	}

	/** CPU-bound requests (20 ms of one core each) at {@code rate} a second. */
	private static LoadRun cpuLoad(double rate) {
		return LoadRun.start(LoadRun.options(stack.gatewayUrl())
			.rate(rate)
			.duration(Duration.ofMinutes(10))
			.seed(7)
			.mix(new io.monkeyfleet.loadgen.mix.RequestMix(List.of(new io.monkeyfleet.loadgen.mix.RouteSpec("GET",
					"/work", Map.of("ms", List.of("20"), "cpu", List.of("true")), Map.of(), List.of(), null, 1)), 0.0))
			.timeout(Duration.ofSeconds(40)));
	}

	/** When the gift monkey proposed a launch (and the guard rails let it), if it did. */
	private static java.util.Optional<Instant> launchProposed(Scenario scenario) {
		return scenario.events(EventType.ACTION_PROPOSED, null)
			.stream()
			.filter((event) -> "LAUNCH".equals(event.evidence().get("action")))
			.map(FleetEvent::time)
			.findFirst();
	}

	/** The pool's average CPU over {@code members}' newest samples. */
	private static double averageCpu(Set<String> members) {
		try {
			return stack.store()
				.samples(members)
				.values()
				.stream()
				.mapToDouble((sample) -> sample.cpuPercent())
				.average()
				.orElse(0);
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	private static LoadRun load(Duration atMost) {
		return LoadRun.start(LoadRun.options(stack.gatewayUrl())
			.rate(100)
			.duration(atMost)
			.seed(20261124)
			// Longer than the gateway's own response timeout: a failure is the gateway's.
			.timeout(Duration.ofSeconds(40)));
	}

	private static Instant inject(Scenario scenario, String step) {
		var record = chaos.apply(ChaosStep.parse(step));
		assertThat(record.ok()).as(record.outcome()).isTrue();
		scenario.mark("chaos " + step.substring(step.indexOf(':') + 1) + ": " + record.outcome());
		return record.at();
	}

	/**
	 * Restarts the hosts whose agents were killed, as an operator would, and waits for
	 * them.
	 */
	private static void restoreAgents(Scenario scenario, List<String> hosts) {
		long token = stack.provisionerFencingToken();
		List<String> jobs = new ArrayList<>();
		for (String host : hosts) {
			jobs.add(stack.provisioner()
				.submit("/hosts/" + host + "/restart", "{\"reason\":\"scenario breaker: bring the agent back\"}", token,
						"scenario-breaker-restart-" + host + "-" + scenario.started().toEpochMilli())
				.path("id")
				.asString());
		}
		await("hosts " + hosts + " restarted").atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> jobs.stream()
				.allMatch((job) -> "SUCCEEDED".equals(stack.provisioner().job(job).path("status").asString())));
		await("the breaker closes").atMost(Duration.ofMinutes(1))
			.until(() -> !scenario.events(EventType.BREAKER_CLOSED, null).isEmpty());
		awaitActive(scenario, nodes);
	}

	private static void awaitRepair(Scenario scenario, String node, Instant since) {
		try {
			await(node + " repaired and back ACTIVE").atMost(REPAIR_DEADLINE)
				.pollInterval(Duration.ofMillis(500))
				.until(() -> scenario.reached(node, NodeState.DRAINING, since)
					.flatMap((drained) -> scenario.reached(node, NodeState.ACTIVE, drained))
					.isPresent());
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError(node + " was not repaired; " + scenario.diagnosis(node)
					+ "\nmonkey-service said:\n" + stack.service("monkey").logTail(40), ex);
		}
	}

	private static List<MailCatcher.Mail> awaitMail(Scenario scenario, String kind, String node) {
		return await("a " + kind + " mail about " + node).atMost(Duration.ofSeconds(60))
			.until(() -> scenario.mails()
				.stream()
				.filter((mail) -> mail.subject().contains(kind) && mail.subject().contains(node))
				.toList(), (mails) -> !mails.isEmpty());
	}

	private static void awaitActive(Scenario scenario, List<String> expected) {
		explained(scenario,
				() -> await("nodes " + expected + " ACTIVE").atMost(Duration.ofMinutes(3))
					.pollInterval(Duration.ofMillis(500))
					.until(() -> StackChecks.activeNodes(stack).containsAll(expected)));
		scenario.mark("nodes " + expected + " ACTIVE");
	}

	/** Runs a wait; if it times out, the failure shows what the fleet did meanwhile. */
	private static <T> T explained(Scenario scenario, java.util.concurrent.Callable<T> wait) {
		try {
			return wait.call();
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError(ex.getMessage() + "; " + scenario.diagnosis(null) + "\nmonkey-service said:\n"
					+ stack.service("monkey").logTail(40), ex);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void explained(Scenario scenario, Runnable wait) {
		explained(scenario, () -> {
			wait.run();
			return null;
		});
	}

	private static List<JsonNode> jobsSince(String host, Instant since) {
		return stack.provisioner()
			.jobs(host)
			.stream()
			.filter((job) -> !Instant.parse(job.path("createdAt").asString()).isBefore(since))
			.toList();
	}

	private static List<JsonNode> rebootJobsSince(String host, Instant since) {
		return jobsSince(host, since).stream().filter((job) -> "REBOOT".equals(job.path("type").asString())).toList();
	}

	/** The first moment the count stopped growing for good. */
	private static Instant lastIncrease(Map<Instant, Long> counts) {
		TreeMap<Instant, Long> ordered = new TreeMap<>(counts);
		AtomicReference<Instant> last = new AtomicReference<>(ordered.firstKey());
		long previous = -1;
		for (Map.Entry<Instant, Long> count : ordered.entrySet()) {
			if (count.getValue() > previous && previous >= 0) {
				last.set(count.getKey());
			}
			previous = Math.max(previous, count.getValue());
		}
		return last.get();
	}

}

package io.monkeyfleet.stack.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.monkeyfleet.loadgen.LoadRun;
import io.monkeyfleet.loadgen.run.Report;
import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.model.RoutePredicate;
import io.monkeyfleet.stack.LocalStack;
import io.monkeyfleet.stack.StackChecks;
import io.monkeyfleet.stack.MailCatcher;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.StoredEvent;
import io.monkeyfleet.testsupport.faults.RedisFaults;
import io.monkeyfleet.testsupport.faults.ReliabilityReport;
import io.monkeyfleet.testsupport.redis.RealRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import io.monkeyfleet.stack.SharedStack;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis misbehaving under a real local stack (every part a real process, load through the
 * gateway): hung for 30 s (item 1), fed poisoned records (item 13), flushed (item 2). The
 * figures go to {@link ReliabilityReport}. Items run in that order on one stack, the
 * flush last since it is the one that leaves Redis rebuilt.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
@Order(1)
class RedisFaultsIT {

	private static final Pattern SAMPLE_LINE = Pattern.compile("^([a-z_]+)(?:\\{([^}]*)\\})? ([0-9.eE+-]+|NaN)$",
			Pattern.MULTILINE);

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	private static LocalStack stack;

	private static RedisFaults faults;

	private static List<String> nodes;

	@BeforeAll
	static void useTheSharedStack() {
		stack = SharedStack.stack();
		nodes = SharedStack.nodes();
		faults = new RedisFaults(new StackRedis());
	}

	@AfterAll
	static void resumeRedis() {
		if (faults != null) {
			try {
				faults.resume();
			}
			catch (RuntimeException ex) {
				// Not paused, or already gone.
			}
		}
	}

	@Test
	@Order(1)
	void hungRedis() throws InterruptedException {
		awaitActive();
		Map<String, Double> ticksBefore = metrics(stack.monkeyUrl(), "monkeyfleet_monkey_tick_seconds_count");
		Report report;
		Instant hung;
		Instant resumed;
		Instant reconciled;
		AtomicLong longestTickMillis = new AtomicLong();
		long ticksDuringHang;
		try (LoadRun load = load(300, Duration.ofMinutes(3))) {
			StackChecks.awaitRequests(load, 600);
			double ticksAtHang = sum(metrics(stack.monkeyUrl(), "monkeyfleet_monkey_tick_seconds_count"));
			hung = Instant.now();
			// Redis lifts the pause by itself after 30 s (before 7.2 not earlier), so a
			// test that dies here cannot leave it hung.
			faults.hang(Duration.ofSeconds(30));
			await("30 s of a hung Redis, and no failed request").during(Duration.ofSeconds(30))
				.atMost(Duration.ofSeconds(40))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					longestTickMillis.accumulateAndGet(longestTickMillis(), Math::max);
					return load.results().failed() == 0;
				});
			faults.resume();
			resumed = Instant.now();
			// Read once Redis answers again (a scrape may read Redis): how many ticks ran
			// in those 30 s.
			ticksDuringHang = Math
				.round(sum(metrics(stack.monkeyUrl(), "monkeyfleet_monkey_tick_seconds_count")) - ticksAtHang);
			Set<String> answering = ConcurrentHashMap.newKeySet();
			await("everything reconciled").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					longestTickMillis.accumulateAndGet(longestTickMillis(), Math::max);
					answering.clear();
					answering.addAll(StackChecks.answeredSince(load.report(), resumed.plusSeconds(2)));
					return StackChecks.activeNodes(stack).containsAll(nodes) && StackChecks.freshSamples(stack, nodes)
							&& answering.containsAll(nodes);
				});
			reconciled = Instant.now();
			StackChecks.awaitRequests(load, 300);
			longestTickMillis.accumulateAndGet(longestTickMillis(), Math::max);
			load.stop();
			report = load.await();
		}
		List<FleetEvent> transitions = events(hung, EventType.NODE_STATE_CHANGED);
		long jobs = jobsSince(hung);
		Map<String, String> figures = new LinkedHashMap<>();
		figures.put("requests sent / failed", report.requests() + " / " + report.failed());
		figures.put("monkey actions (state changes, provisioner jobs)", transitions.size() + ", " + jobs);
		figures.put("monkey ticks during the 30 s hang", String.valueOf(ticksDuringHang));
		figures.put("longest monkey tick", longestTickMillis.get() + " ms");
		figures.put("resume to reconciled (all ACTIVE, sampled, serving)", seconds(resumed, reconciled));
		figures.put("alert mails", mailSubjects(hung).toString());
		ReliabilityReport.record(1, "Redis hung 30 s (CLIENT PAUSE ALL) under 300 req/s through the gateway", figures);
		System.out.println("item 1: " + figures + "; ticks before: " + ticksBefore);

		assertThat(report.failed()).as("failed requests: %s", report.failures()).isZero();
		assertThat(transitions).as("no node changed state").isEmpty();
		assertThat(jobs).as("no provisioner job").isZero();
		assertThat(longestTickMillis.get()).as("the longest monkey tick (ms)").isLessThanOrEqualTo(2000);
		// Ticks every second; each one that meets the hung Redis fails after the 1 s
		// command timeout: the thread goes on ticking, it is never held.
		assertThat(ticksDuringHang).as("monkey ticks during the hang").isGreaterThanOrEqualTo(10);
	}

	@Test
	@Order(2)
	void poisonedRecords() throws InterruptedException {
		awaitActive();
		Instant began = Instant.now();
		long monkeyLog = size(stack.service("monkey").log());
		long gatewayLog = size(stack.service("gateway").log());
		FleetCodec codec = new FleetCodec();
		int deadPort = freePort();
		// Poisoned samples go to nodes of their own (JOINING, on a port nobody listens
		// on): a sample taken as healthy would get them admitted and routed to, so
		// both are measured.
		Map<String, String> poison = new LinkedHashMap<>();
		poison.put("poison-cpu", "\"cpuPercent\":250.0");
		poison.put("poison-memory", "\"memoryPercent\":-5.0");
		poison.put("poison-nan", "\"cpuPercent\":\"NaN\"");
		poison.put("poison-future", null);
		for (String id : poison.keySet()) {
			stack.store().register(new Node(id, "web", new NodeAddress("127.0.0.1", deadPort), null, null, Map.of()));
		}
		// A node at the cloud metadata address, with healthy samples: only its address
		// is wrong.
		stack.store()
			.register(new Node("poison-metadata", "web", new NodeAddress("169.254.169.254", 80), null, null, Map.of()));
		List<String> poisoned = new ArrayList<>(poison.keySet());
		poisoned.add("poison-metadata");
		Route spel = new Route("poison-spel", List.of(RoutePredicate.path("/poison-spel")),
				List.of(new RouteFilter("SetRequestHeader",
						Map.of("name", "X-Poison", "value", "#{T(java.lang.Runtime).getRuntime().exec('true')}"))),
				"web", 10);
		Route file = new Route("poison-file", List.of(RoutePredicate.path("/poison-file")),
				List.of(new RouteFilter("AddRequestHeader", Map.of("name", "X-Poison", "value", "file:///etc/passwd"))),
				"web", 11);
		Route metadataUri = new Route("poison-metadata-uri", List.of(RoutePredicate.path("/poison-uri")),
				List.of(new RouteFilter("AddRequestHeader",
						Map.of("name", "X-Poison", "value", "http://169.254.169.254/latest/meta-data/"))),
				"web", 12);
		List<Route> routes = List.of(spel, file, metadataUri);
		routes.forEach((route) -> stack.store().saveRoute(route, "test:poison"));
		Report report;
		Map<String, Integer> poisonAnswers = new LinkedHashMap<>();
		try (LoadRun load = load(100, Duration.ofMinutes(2))) {
			StackChecks.awaitRequests(load, 200);
			// 15 s of poison, rewritten every 250 ms (with a short TTL, as an agent's),
			// while the load runs and nothing may act on it.
			java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong(1);
			java.util.concurrent.ScheduledExecutorService writer = java.util.concurrent.Executors
				.newSingleThreadScheduledExecutor();
			try {
				writer.scheduleAtFixedRate(() -> writePoison(codec, poison, sequence.getAndIncrement()), 0, 250,
						java.util.concurrent.TimeUnit.MILLISECONDS);
				await("15 s of poisoned records under load").during(Duration.ofSeconds(15))
					.atMost(Duration.ofSeconds(20))
					.until(() -> load.results().failed() == 0);
			}
			finally {
				writer.shutdownNow();
			}
			for (String path : List.of("/poison-spel", "/poison-file", "/poison-uri")) {
				poisonAnswers.put(path, get(stack.gatewayUrl().resolve(path)));
			}
			StackChecks.awaitRequests(load, 200);
			load.stop();
			report = load.await();
		}
		Map<String, Double> routed = metrics(stack.gatewayUrl(), "monkeyfleet_gateway_node_requests_total");
		long trafficToPoison = routed.entrySet()
			.stream()
			.filter((entry) -> poisoned.stream().anyMatch((id) -> entry.getKey().contains("node=\"" + id + "\"")))
			.mapToLong((entry) -> Math.round(entry.getValue()))
			.sum();
		List<FleetEvent> transitions = events(began, EventType.NODE_STATE_CHANGED);
		long jobs = jobsSince(began);
		String monkeySaid = since(stack.service("monkey").log(), monkeyLog);
		String gatewaySaid = since(stack.service("gateway").log(), gatewayLog);
		for (String id : poisoned) {
			stack.store().removeNode(id, "poisoned record removed by the test", "test:poison");
		}
		routes.forEach((route) -> stack.store().deleteRoute(route.id(), "test:poison"));

		Map<String, String> figures = new LinkedHashMap<>();
		figures.put("poisoned nodes / routes", poisoned.size() + " / " + routes.size());
		figures.put("requests sent / failed", report.requests() + " / " + report.failed());
		figures.put("requests routed to poisoned nodes", String.valueOf(trafficToPoison));
		figures.put("answers to the poisoned routes' paths", poisonAnswers.toString());
		figures.put("monkey actions (state changes, provisioner jobs)", transitions.size() + ", " + jobs);
		figures.put("monkey-service log lines refusing them", String.valueOf(
				count(monkeySaid, "Refused malformed record") + count(monkeySaid, "Ignoring node 'poison-metadata'")));
		figures.put("gateway log lines refusing them", String.valueOf(count(gatewaySaid, "Refused route 'poison-")
				+ count(gatewaySaid, "Refused node 'poison-") + count(gatewaySaid, "Refused malformed record")));
		ReliabilityReport.record(13,
				"poisoned records in Redis (CPU 250 %, memory -5 %, NaN, a sample 1 h ahead, "
						+ "a node at 169.254.169.254, routes with SpEL, file: and metadata URIs) under 100 req/s",
				figures);
		System.out.println("item 13: " + figures);

		assertThat(report.failed()).as("failed requests: %s", report.failures()).isZero();
		assertThat(trafficToPoison).as("requests routed to a poisoned node").isZero();
		assertThat(transitions).as("no node changed state").isEmpty();
		assertThat(jobs).as("no provisioner job").isZero();
		assertThat(poisonAnswers).as("no poisoned route served")
			.allSatisfy((path, status) -> assertThat(status).isEqualTo(404));
		for (String id : List.of("poison-cpu", "poison-memory", "poison-nan", "poison-future")) {
			assertThat(monkeySaid).as("monkey-service's log")
				.contains("Refused malformed record mf:node:" + id + ":sample");
		}
		assertThat(monkeySaid).as("monkey-service's log").contains("Ignoring node 'poison-metadata'");
		assertThat(gatewaySaid).as("the gateway's log")
			.contains("Refused route 'poison-spel'", "Refused route 'poison-file'",
					"Refused route 'poison-metadata-uri'");
	}

	@Test
	@Order(3)
	void flushedRedis() throws InterruptedException {
		awaitActive();
		Pool pool = stack.store().pool("web").orElseThrow();
		List<Route> routes = stack.store().routes();
		Report report;
		Instant flushed;
		Instant reappeared;
		try (LoadRun load = load(300, Duration.ofMinutes(3))) {
			StackChecks.awaitRequests(load, 600);
			flushed = Instant.now();
			faults.flushAll();
			// The agents re-register on their own (every 10 s, and after any outage).
			await("every node registered again").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> registered().containsAll(nodes));
			reappeared = Instant.now();
			await("the alert").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> !mailSubjects(flushed).isEmpty());
			// Long enough for the doctor to have acted several times over, had it been
			// allowed.
			await("nothing done on the emptied fleet").during(Duration.ofSeconds(10))
				.atMost(Duration.ofSeconds(20))
				.until(() -> load.results().failed() == 0
						&& destructive(events(flushed, EventType.NODE_STATE_CHANGED)).isEmpty()
						&& jobsSince(flushed) == 0);
			load.stop();
			report = load.await();
		}
		List<FleetEvent> transitions = events(flushed, EventType.NODE_STATE_CHANGED);
		long jobs = jobsSince(flushed);
		List<String> mails = mailSubjects(flushed);
		// The operator restores the configuration (pools and routes are not the agents'
		// to re-create), and the fleet is whole again.
		stack.store().savePool(pool, "test:restore");
		routes.forEach((route) -> stack.store().saveRoute(route, "test:restore"));
		awaitActive();

		Map<String, String> figures = new LinkedHashMap<>();
		figures.put("requests sent / failed", report.requests() + " / " + report.failed());
		figures.put("flush to every node registered again", seconds(flushed, reappeared));
		figures.put("monkey actions (state changes other than re-admitting a re-registered node, provisioner jobs)",
				destructive(transitions).size() + ", " + jobs);
		figures.put("re-registered nodes re-admitted (JOINING -> ACTIVE)",
				String.valueOf(transitions.size() - destructive(transitions).size()));
		figures.put("alert mails", mails.toString());
		ReliabilityReport.record(2, "Redis flushed (FLUSHALL) under 300 req/s through the gateway", figures);
		System.out.println("item 2: " + figures);

		assertThat(report.failed()).as("failed requests: %s", report.failures()).isZero();
		assertThat(destructive(transitions)).as("no node moved but re-admissions").isEmpty();
		assertThat(jobs).as("no provisioner job").isZero();
		assertThat(mails).as("one alert")
			.singleElement()
			.satisfies((subject) -> assertThat(subject).contains("empty-snapshot"));
	}

	/**
	 * One round of the poisoned samples, as the poisoned nodes' agents would write them.
	 */
	private static void writePoison(FleetCodec codec, Map<String, String> poison, long sequence) {
		Instant now = Instant.now();
		for (Map.Entry<String, String> entry : poison.entrySet()) {
			String id = entry.getKey();
			MetricsSample healthy = new MetricsSample(id, 10, 20, 0.1, AppHealth.UP,
					(entry.getValue() == null) ? now.plus(Duration.ofHours(1)) : now, sequence);
			String json = codec.encode(healthy);
			if (entry.getValue() != null) {
				String field = entry.getValue().substring(0, entry.getValue().indexOf(':'));
				json = json.replaceFirst(Pattern.quote(field) + ":[^,}]+", Matcher.quoteReplacement(entry.getValue()));
			}
			faults.command("SET", "mf:node:" + id + ":sample", json, "PX", "3000");
		}
		faults.command("SET", "mf:node:poison-metadata:sample",
				codec.encode(new MetricsSample("poison-metadata", 10, 20, 0.1, AppHealth.UP, now, sequence)), "PX",
				"3000");
	}

	/** State changes other than re-admitting a re-registered node (JOINING to ACTIVE). */
	private static List<FleetEvent> destructive(List<FleetEvent> transitions) {
		return transitions.stream()
			.filter((event) -> !("JOINING".equals(event.evidence().get("from"))
					&& "ACTIVE".equals(event.evidence().get("to"))))
			.toList();
	}

	/** The longest tick monkey-service's timer shows now (its recent maximum), in ms. */
	private static long longestTickMillis() {
		return metrics(stack.monkeyUrl(), "monkeyfleet_monkey_tick_seconds_max").values()
			.stream()
			.mapToLong((seconds) -> Math.round(seconds * 1000))
			.max()
			.orElse(0);
	}

	/** One metric's samples from {@code /actuator/prometheus}, by label set. */
	private static Map<String, Double> metrics(URI service, String name) {
		Map<String, Double> values = new LinkedHashMap<>();
		String text;
		try {
			text = http
				.send(HttpRequest.newBuilder(service.resolve("/actuator/prometheus"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (IOException ex) {
			return values;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return values;
		}
		Matcher matcher = SAMPLE_LINE.matcher(text);
		while (matcher.find()) {
			if (matcher.group(1).equals(name)) {
				values.put(String.valueOf(matcher.group(2)), Double.parseDouble(matcher.group(3)));
			}
		}
		return values;
	}

	private static double sum(Map<String, Double> values) {
		return values.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	private static int get(URI uri) {
		try {
			return http
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static List<FleetEvent> events(Instant since, EventType type) {
		return stack.store()
			.eventsSince(since, 10_000)
			.stream()
			.map(StoredEvent::event)
			.filter((event) -> event.type() == type)
			.toList();
	}

	private static List<String> mailSubjects(Instant since) {
		return stack.mail()
			.mails()
			.stream()
			.filter((mail) -> !mail.receivedAt().isBefore(since))
			.map(MailCatcher.Mail::subject)
			.toList();
	}

	private static long jobsSince(Instant since) {
		List<String> hosts = new ArrayList<>(nodes);
		hosts.add("standby-1");
		long jobs = 0;
		for (String host : hosts) {
			for (JsonNode job : stack.provisioner().jobs(host)) {
				if (!Instant.parse(job.path("createdAt").asString()).isBefore(since)) {
					jobs++;
				}
			}
		}
		return jobs;
	}

	private static Set<String> registered() {
		try {
			return stack.store().nodes().stream().map(Node::id).collect(Collectors.toSet());
		}
		catch (RuntimeException ex) {
			return Set.of();
		}
	}

	private static void awaitActive() {
		await("nodes " + nodes + " ACTIVE").atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> StackChecks.activeNodes(stack).containsAll(nodes));
	}

	private static LoadRun load(double rate, Duration atMost) {
		return LoadRun.start(LoadRun.options(stack.gatewayUrl())
			.rate(rate)
			.duration(atMost)
			.seed(20261124)
			// Longer than the gateway's own response timeout: a failure is the gateway's.
			.timeout(Duration.ofSeconds(40)));
	}

	private static String seconds(Instant from, Instant to) {
		return String.format(Locale.ROOT, "%.1f s", Duration.between(from, to).toMillis() / 1000.0);
	}

	/** A port nobody listens on (it was free a moment ago). */
	private static int freePort() {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1,
				java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long size(Path file) {
		try {
			return Files.exists(file) ? Files.size(file) : 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What a log file gained since it was {@code from} bytes long. */
	private static String since(Path file, long from) {
		try {
			byte[] bytes = Files.readAllBytes(file);
			return new String(bytes, (int) Math.min(from, bytes.length), (int) Math.max(0, bytes.length - from),
					StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long count(String text, String what) {
		return text.lines().filter((line) -> line.contains(what)).count();
	}

	/** The stack's Redis as the fault tools see it. */
	private static final class StackRedis implements RealRedis {

		@Override
		public String host() {
			return stack.redis().host();
		}

		@Override
		public int port() {
			return stack.redis().port();
		}

		@Override
		public void stop() {
			stack.redis().stop();
		}

		@Override
		public void start() {
			stack.redis().start();
		}

		@Override
		public void close() {
			// The stack owns it.
		}

	}

}

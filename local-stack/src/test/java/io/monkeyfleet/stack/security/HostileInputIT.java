package io.monkeyfleet.stack.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.monkeyfleet.stack.LocalStack;
import io.monkeyfleet.stack.MailCatcher;
import io.monkeyfleet.store.StandaloneFleetStore;
import io.monkeyfleet.store.StoredEvent;
import io.monkeyfleet.testsupport.faults.HostileInput;
import io.monkeyfleet.testsupport.faults.ReliabilityReport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import io.monkeyfleet.stack.SharedStack;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.StringRedisTemplate;

import static io.monkeyfleet.testsupport.faults.HostileInput.encode;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input against the real local stack (the shared one, three nodes): every HTTP
 * endpoint of every service gets seeded random malformed requests (item 10), every
 * service's actuator is swept for what must not answer (item 11), and the stack's logs,
 * mails, Redis and every answer are scanned for the secrets the stack was given (item
 * 14).
 *
 * <p>
 * The requests are written byte for byte on a socket ({@link RawHttp}), so they can be
 * what an HTTP client library refuses to send. Replay a run with
 * {@code -Dmonkeyfleet.fuzz.seed=N}. Requests that would change the fleet (an action on a
 * node, a job on a host) only name hosts and nodes that do not exist, so the stack stays
 * as it was and a later finding is not an after-effect of an earlier one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(SharedStack.class)
@Order(2)
class HostileInputIT {

	private static final long SEED = Long.getLong("monkeyfleet.fuzz.seed", 20260520L);

	private static final int HUGE_BODY = 5 * 1024 * 1024;

	private static final Pattern AGENT_PORT = Pattern.compile("Netty started on port (\\d+)");

	/** Every answer any test got: the secret scan reads them too. */
	private static final List<String> ANSWERS = new CopyOnWriteArrayList<>();

	private static final Path WORK = SharedStack.WORK;

	private static LocalStack stack;

	private static Map<String, Integer> ports;

	@BeforeAll
	static void useTheSharedStack() throws IOException {
		stack = SharedStack.stack();
		System.out.printf("Hostile input seed %d (-Dmonkeyfleet.fuzz.seed=%d)%n", SEED, SEED);
		ports = new LinkedHashMap<>();
		ports.put("gateway-service", stack.gatewayUrl().getPort());
		ports.put("monkey-service", stack.monkeyUrl().getPort());
		ports.put("provisioner-service", stack.provisionerUrl().getPort());
		ports.put("monitor-agent", agentPort());
		ports.put("sample-app", stack.nodeUrl("node-1").getPort());
	}

	@AfterAll
	static void closeTheSharedStack() {
		// The last class on the shared stack.
		SharedStack.close();
	}

	@Test
	@Order(1)
	void malformedInputNeverGetsA5xxAndEveryErrorOfTheApisIsAProblem() {
		HostileInput input = new HostileInput(SEED);
		Map<String, Tally> tallies = new LinkedHashMap<>();
		tallies.put("monkey-service", fuzz("monkey-service", 500, () -> monkeyRequest(input), true, input));
		tallies.put("provisioner-service",
				fuzz("provisioner-service", 500, () -> provisionerRequest(input), true, input));
		tallies.put("gateway-service", fuzz("gateway-service", 400, () -> gatewayRequest(input), false, input));
		tallies.put("sample-app", fuzz("sample-app", 250, () -> sampleAppRequest(input), false, input));
		tallies.put("monitor-agent", fuzz("monitor-agent", 150, () -> agentRequest(input), false, input));
		tallies.forEach((service, tally) -> {
			System.out.println(service + ": " + tally);
			// Every service's findings, not only the first failing one's.
			tally.failures.forEach((failure) -> System.out.println("  " + failure));
		});

		Map<String, String> figures = new LinkedHashMap<>();
		figures.put("seed", Long.toString(SEED));
		tallies.forEach((service, tally) -> figures.put(service, tally.sent + " requests, " + tally.serverErrors
				+ " 5xx, " + tally.notProblem + " non-problem 4xx, " + tally.leaks + " stack traces"));
		figures.put("5xx", Long.toString(tallies.values().stream().mapToInt((tally) -> tally.serverErrors).sum()));
		ReliabilityReport.record(10, "seeded malformed HTTP input to every endpoint of every service", figures);

		tallies.forEach((service, tally) -> {
			assertThat(tally.failures).as("%s, seed %d", service, SEED).isEmpty();
			assertThat(tally.statuses.keySet()).as("%s reaches its validation", service).anyMatch((s) -> s >= 400);
		});
	}

	@Test
	@Order(2)
	void onlyHealthAndPrometheusAnswerOnTheActuator() {
		List<String> sensitive = List.of("env", "env/JAVA_HOME", "configprops", "heapdump", "threaddump", "beans",
				"mappings", "loggers", "loggers/ROOT", "shutdown", "gateway/routes", "gateway/globalfilters",
				"gateway/routefilters", "gateway/refresh", "metrics", "info", "conditions", "caches", "scheduledtasks",
				"httpexchanges", "auditevents", "sessions", "logfile", "startup", "sbom", "quartz", "flyway",
				"liquibase", "integrationgraph", "jolokia", "prometheus/../env", "health/../env", "%65nv", "ENV");
		int probed = 0;
		int refused = 0;
		List<String> answered = new ArrayList<>();
		for (Map.Entry<String, Integer> service : ports.entrySet()) {
			int port = service.getValue();
			boolean hasActuator = !service.getKey().equals("sample-app");
			// What is exposed answers (the sample app has no actuator at all).
			RawHttp.Answer health = RawHttp.send(port, "GET", "/actuator/health", List.of(), null);
			RawHttp.Answer prometheus = RawHttp.send(port, "GET", "/actuator/prometheus", List.of(), null);
			remember(health);
			remember(prometheus);
			probed += 2;
			if (hasActuator) {
				assertThat(health.status()).as("%s health", service.getKey()).isEqualTo(200);
				assertThat(prometheus.status()).as("%s prometheus", service.getKey()).isEqualTo(200);
				assertThat(prometheus.body()).as("%s prometheus", service.getKey()).contains("jvm_");
				RawHttp.Answer index = RawHttp.send(port, "GET", "/actuator", authorization(service.getKey()), null);
				remember(index);
				probed++;
				Matcher link = Pattern.compile("\"([a-zA-Z-]+)\":\\{\"href\"").matcher(index.body());
				while (link.find()) {
					assertThat(link.group(1)).as("%s /actuator links", service.getKey())
						.matches("self|health|health-path|prometheus");
				}
			}
			else {
				refused += 2;
				assertThat(health.status()).as("sample-app has no actuator").isEqualTo(404);
			}
			// What is not exposed does not answer, with or without credentials, to any
			// method.
			for (String endpoint : sensitive) {
				for (String method : List.of("GET", "POST", "DELETE")) {
					for (List<String> headers : List.of(List.<String>of(), authorization(service.getKey()))) {
						String body = method.equals("POST") ? "{\"configuredLevel\":\"TRACE\"}" : null;
						List<String> sent = new ArrayList<>(headers);
						if (body != null) {
							sent.add("Content-Type: application/json");
						}
						RawHttp.Answer answer = RawHttp.send(port, method, "/actuator/" + endpoint, sent,
								(body != null) ? body.getBytes(StandardCharsets.UTF_8) : null);
						remember(answer);
						probed++;
						// A refusal is a 4xx (or a closed connection); an endpoint that
						// answers says 200 or 204.
						// monkey-service sends a browser without a session to its login
						// page: a refusal too.
						boolean toLogin = answer.status() == 302
								&& answer.headers().getOrDefault("location", "").contains("/login");
						if (toLogin || answer.status() == 0 || (answer.status() >= 400 && answer.status() < 500)) {
							refused++;
						}
						else {
							answered.add(service.getKey() + " " + method + " /actuator/" + endpoint
									+ (headers.isEmpty() ? "" : " (with credentials)") + " → " + answer.status() + " "
									+ answer.body().substring(0, Math.min(200, answer.body().length())));
						}
					}
				}
			}
		}
		System.out.printf("Actuator sweep: %d probes, %d refused, %d answered%n", probed, refused, answered.size());
		ReliabilityReport.record(11,
				"actuator sweep of every service (sensitive endpoints, every method, with and "
						+ "without credentials)",
				Map.of("endpoints probed", Integer.toString(probed), "refused", Integer.toString(refused),
						"sensitive answered", Integer.toString(answered.size())));
		assertThat(answered).isEmpty();
	}

	@Test
	@Order(3)
	void noSecretAppearsInLogsAnswersEventsOrMails() throws IOException, InterruptedException {
		Map<String, String> secrets = secrets();
		// Things that could log a credential: a login with the real password, a wrong
		// token, a right token on a request that fails.
		int monkey = ports.get("monkey-service");
		remember(RawHttp.send(monkey, "POST", "/login", List.of("Content-Type: application/x-www-form-urlencoded"),
				("username=admin&password=" + encode(secrets.get("dashboard password")))
					.getBytes(StandardCharsets.UTF_8)));
		remember(RawHttp.send(monkey, "GET", "/api/nodes/%zz", authorization("monkey-service"), null));
		remember(RawHttp.send(ports.get("provisioner-service"), "POST", "/hosts/ghost-1/reboot",
				List.of("Authorization: Bearer " + stack.operatorToken(), "X-Fencing-Token: abc"), null));
		// A real alert mail through the stack: Redis goes away (a clean shutdown; its
		// append-only file keeps the data for the scan below), monkey-service notices on
		// its next tick and mails "redis-unreachable" at once. (An operator's rolling
		// restart of this one-node pool was tried first: no mail within 90 s.)
		List<MailCatcher.Mail> alertMails;
		stack.redis().stop();
		try {
			alertMails = Awaitility.await("an alert mail while Redis is away")
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> stack.mail().mails(), (received) -> !received.isEmpty());
		}
		finally {
			stack.redis().start();
		}
		assertThat(stack.redis().awaitAnswer(Duration.ofSeconds(30))).as("Redis answers again").isTrue();
		System.out.println("Alert mails: " + alertMails.stream().map(MailCatcher.Mail::subject).toList());

		Map<String, String> sources = new TreeMap<>();
		try (Stream<Path> files = Files.walk(WORK)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Path relative = WORK.relativize(file);
				String top = relative.getName(0).toString();
				// config/ and stack.json hold the secrets on purpose (private files).
				if (top.equals("config") || relative.toString().equals("stack.json") || top.equals("redis")
						|| top.equals("tmp")) {
					continue;
				}
				sources.put("file " + relative, read(file));
			}
		}
		try (StandaloneFleetStore store = StandaloneFleetStore.connect("127.0.0.1", stack.redis().port())) {
			StringBuilder events = new StringBuilder();
			List<StoredEvent> stored = store.store().eventsAfter(null, 100_000);
			stored.forEach((event) -> events.append(event).append('\n'));
			sources.put("event stream (" + stored.size() + " events)", events.toString());
			sources.put("every Redis key", dump(store.redis()));
		}
		sources.put("every HTTP answer (" + ANSWERS.size() + ")", String.join("\n", ANSWERS));
		// The .eml files are scanned above as written (possibly quoted-printable or
		// base64); the decoded subject and text too.
		for (MailCatcher.Mail mail : stack.mail().mails()) {
			sources.put("mail " + mail.file().getFileName() + " (decoded)", mail.subject() + "\n" + mail.body());
		}

		List<String> found = new ArrayList<>();
		sources.forEach((where, text) -> secrets.forEach((name, secret) -> {
			if (text.contains(secret)) {
				found.add(name + " in " + where);
			}
		}));
		long mails = sources.keySet().stream().filter((where) -> where.startsWith("mail ")).count();
		long logs = sources.keySet().stream().filter((where) -> where.endsWith(".log")).count();
		System.out.printf("Secret scan: %d secrets over %d sources (%d logs, %d mails): %s%n", secrets.size(),
				sources.size(), logs, mails, found);
		ReliabilityReport.record(14,
				"scan for the stack's secrets (bearer tokens, dashboard password, provisioner "
						+ "tokens) in logs, mails, Redis, HTTP answers",
				Map.of("secrets", Integer.toString(secrets.size()), "logs scanned", Long.toString(logs),
						"mails scanned", Long.toString(mails), "answers scanned", Integer.toString(ANSWERS.size()),
						"secrets found", Integer.toString(found.size())));
		assertThat(logs).as("logs scanned").isGreaterThanOrEqualTo(5);
		assertThat(mails).as("alert mails scanned").isGreaterThanOrEqualTo(1);
		assertThat(sources.keySet()).as("each mail scanned as saved too")
			.anyMatch((where) -> where.startsWith("file mail"));
		assertThat(found).isEmpty();
	}

	// --- the fuzzing

	private record Request(String method, String target, List<String> headers, byte[] body) {

		@Override
		public String toString() {
			String shown = (this.body != null)
					? new String(this.body, 0, Math.min(150, this.body.length), StandardCharsets.UTF_8) : "";
			return this.method + " " + this.target.substring(0, Math.min(200, this.target.length())) + " "
					+ this.headers.stream().map((h) -> h.substring(0, Math.min(60, h.length()))).toList() + " " + shown;
		}

	}

	private static final class Tally {

		final Map<Integer, Integer> statuses = new TreeMap<>();

		final List<String> failures = new ArrayList<>();

		int sent;

		int serverErrors;

		int notProblem;

		int leaks;

		@Override
		public String toString() {
			return this.sent + " requests, statuses " + this.statuses + " (0 = closed without an answer), "
					+ this.serverErrors + " 5xx, " + this.notProblem + " non-problem 4xx, " + this.leaks
					+ " stack traces";
		}

	}

	private Tally fuzz(String service, int count, Supplier<Request> next, boolean problemsRequired,
			HostileInput input) {
		int port = ports.get(service);
		List<Request> requests = new ArrayList<>(protocolAbuse(service, input));
		for (int i = 0; i < count; i++) {
			requests.add(next.get());
		}
		Tally tally = new Tally();
		for (Request request : requests) {
			RawHttp.Answer answer = RawHttp.send(port, request.method, request.target, request.headers, request.body);
			remember(answer);
			tally.sent++;
			tally.statuses.merge(answer.status(), 1, Integer::sum);
			boolean serverError = answer.status() >= 500;
			boolean notProblem = problemsRequired && answer.status() >= 400 && answer.status() < 500
					&& !request.method.equals("HEAD") && !answer.isProblem();
			// Job listings show command lines (-Djava.io.tmpdir=...): only error answers
			// are searched for stack traces.
			boolean leaks = (answer.status() >= 400 || answer.status() == 0) && answer.leaks();
			tally.serverErrors += serverError ? 1 : 0;
			tally.notProblem += notProblem ? 1 : 0;
			tally.leaks += leaks ? 1 : 0;
			if ((serverError || notProblem || leaks) && tally.failures.size() < 25) {
				tally.failures.add(request + " → " + answer.status() + " [" + answer.contentType() + "] "
						+ answer.body().substring(0, Math.min(300, answer.body().length())));
			}
		}
		return tally;
	}

	/**
	 * Requests that break HTTP itself, the same for every service: oversized and injected
	 * headers, lying lengths, smuggling, traversal, huge bodies and URLs.
	 */
	private List<Request> protocolAbuse(String service, HostileInput input) {
		List<String> auth = authorization(service);
		String post = switch (service) {
			case "monkey-service" -> "/api/routes";
			case "provisioner-service" -> "/clusters/restart";
			case "sample-app" -> "/chaos/" + input.word();
			default -> "/";
		};
		List<Request> requests = new ArrayList<>();
		requests.add(new Request("GET", "/%zz%", auth, null));
		requests.add(new Request("GET", "/../../../../etc/passwd", auth, null));
		requests.add(new Request("GET", "/%2e%2e/%2e%2e/%2e%2e/etc/passwd", auth, null));
		requests.add(new Request("GET", "/..;/..;/etc/passwd", auth, null));
		requests.add(new Request("GET", "/" + "a".repeat(20_000), auth, null));
		requests.add(new Request("GET", "/?" + "p=1&".repeat(3000), auth, null));
		requests.add(new Request("GET", "/ünïcødé/☃", auth, null));
		requests.add(new Request("GET", "/", with(auth, "X-Big: " + "a".repeat(20_000)), null));
		List<String> many = new ArrayList<>(auth);
		for (int i = 0; i < 300; i++) {
			many.add("X-Many-" + i + ": " + i);
		}
		requests.add(new Request("GET", "/", many, null));
		requests.add(new Request("GET", "/", with(auth, "X-A: a\nX-Injected: b"), null));
		requests.add(new Request("GET", "/", with(auth, "X-A: a\rX-Injected: b"), null));
		requests.add(new Request("GET", "/", with(auth, "Bad Header: x"), null));
		requests.add(new Request("GET", "/", with(auth, "NoColonAtAll"), null));
		requests.add(new Request("GET", "/", with(auth, "Host: evil.example"), null));
		requests.add(new Request("GET", "/", List.of("Authorization: Bearer " + input.garbage()), null));
		requests.add(new Request("GET", "/", List.of("Authorization: Basic !!!notbase64"), null));
		requests.add(new Request("GET", "/", List.of("Authorization: Bearer"), null));
		requests.add(new Request("GET", "http://169.254.169.254/latest/meta-data/", auth, null));
		requests.add(new Request("GET", "*", auth, null));
		requests.add(new Request("FOO", "/", auth, null));
		requests.add(new Request("get", "/", auth, null));
		requests.add(new Request("POST", post, with(auth, "Content-Type: application/json", "Content-Length: abc"),
				"{}".getBytes(StandardCharsets.UTF_8)));
		requests.add(new Request("POST", post,
				with(auth, "Content-Type: application/json", "Transfer-Encoding: chunked", "Content-Length: 4"),
				"0\r\n\r\nGET /admin HTTP/1.1\r\n\r\n".getBytes()));
		requests
			.add(new Request("POST", post, with(auth, "Content-Type: application/json", "Transfer-Encoding: chunked"),
					"zz\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
		byte[] huge = new byte[HUGE_BODY];
		java.util.Arrays.fill(huge, (byte) '[');
		requests.add(new Request("POST", post, with(auth, "Content-Type: application/json"), huge));
		requests.add(new Request("POST", post, with(auth, "Content-Type: application/json"),
				"{\"a\":\"\\ud800\u0000\uFFFF\"}".getBytes(StandardCharsets.UTF_8)));
		requests.add(new Request("POST", post, with(auth, "Content-Type: application/json"),
				new byte[] { (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '{' }));
		return requests;
	}

	/** A transfer-encoding abuse must not carry its own Content-Length. */
	private static List<String> with(List<String> headers, String... more) {
		List<String> all = new ArrayList<>(headers);
		all.addAll(List.of(more));
		return all;
	}

	private Request monkeyRequest(HostileInput in) {
		List<String> headers = credentials(in, "Bearer " + stack.adminToken());
		String ghost = ghost(in);
		return switch (in.nextInt(13)) {
			case 0 -> new Request("GET", "/api/nodes/" + ghost, headers, null);
			case 1 -> new Request("GET", "/api/nodes?pool=" + encode(in.garbage()) + "&state=" + encode(in.word())
					+ "&history=" + encode(in.garbage()), headers, null);
			case 2 -> new Request("GET", "/api/events?since=" + encode(in.garbage()) + "&limit=" + encode(in.number())
					+ "&type=" + encode(in.garbage()) + "&before=" + encode(in.garbage()), headers, null);
			case 3 -> json("PUT", "/api/pools/" + ghost, headers, in,
					in.body("{\"minSize\": 1, \"maxSize\": 2, \"standbyHosts\": [\"h1\"]}",
							List.of("minSize", "maxSize", "standbyHosts")));
			case 4 -> json(in.pick(List.of("POST", "PUT")), "/api/routes" + (in.nextBoolean() ? "/" + ghost : ""),
					headers, in,
					in.body("{\"id\": \"ghost-route\", \"predicates\": [{\"kind\": \"PATH\", \"pattern\": \"/x/**\"}], "
							+ "\"pool\": \"ghost\", \"order\": \"x\"}",
							List.of("id", "predicates", "filters", "pool", "order", "kind", "pattern", "args")));
			case 5 -> new Request("DELETE", "/api/routes/" + ghost, headers, null);
			case 6 -> json("POST",
					"/api/nodes/" + ghost + "/" + in
						.pick(List.of("drain", "reboot", "restore", "quarantine", "release", "terminate", "", "X")),
					headers, in, in.body("{\"reason\": \"why\"}", List.of("reason")));
			case 7 -> json("PATCH", "/api/settings", headers, in,
					"{\"" + in.pick(List.of("doctor.defaults.cpu-threshold", "tick", "provisioner.token", "a[", ""))
							+ "\": " + in.pick(List.of("-5", "\"soon\"", "[1]", "{}", "1e400", "\"\"")) + "}");
			case 8 -> json("POST", "/api/monkeys/" + ghost + "/" + in.pick(List.of("arm", "disarm", "dry-run", "x")),
					headers, in, in.json(2, List.of()));
			case 9 -> json("POST", "/api/pools/" + ghost + "/" + in.pick(List.of("launch", "rolling-restart")), headers,
					in, in.body("{\"reason\": \"why\"}", List.of("reason", "count", "batchSize")));
			case 10 -> new Request("GET", "/api/events/stream?after=" + encode(in.garbage() + "z"), headers, null);
			case 11 -> new Request("GET",
					"/api/" + in.pick(List.of("operator-requests", "workflows", "restart-plans", "pools", "routes"))
							+ "/" + ghost,
					headers, null);
			default -> json(in.pick(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")),
					in.pick(List.of("/api/nodes", "/api/pools", "/api/monkeys", "/api/session", "/api/" + ghost,
							"/" + ghost, "/login", "/logout", "/dashboard/" + ghost)),
					headers, in, in.json(3, List.of()));
		};
	}

	private Request provisionerRequest(HostileInput in) {
		List<String> headers = credentials(in, "Bearer " + stack.operatorToken());
		if (in.nextInt(4) > 0) {
			// A fencing token that is never a valid one above the current: nothing runs.
			headers.add("X-Fencing-Token: "
					+ in.pick(List.of("abc", "-1", "", "1e3", "99999999999999999999", "0x10", "1 2", "0")));
		}
		if (in.nextInt(3) == 0) {
			headers.add("Idempotency-Key: " + in.pick(List.of(in.garbage(), in.word(), "x".repeat(500))));
		}
		String ghost = ghost(in);
		return switch (in.nextInt(9)) {
			case 0 -> new Request("GET", "/hosts/" + ghost, headers, null);
			case 1 -> new Request("GET", "/jobs?status=" + encode(in.garbage()) + "&host=" + encode(in.garbage())
					+ "&limit=" + encode(in.number()), headers, null);
			case 2 -> new Request("GET", "/jobs/" + ghost, headers, null);
			case 3 -> json("POST", "/jobs/" + ghost + "/cancel", headers, in, in.json(2, List.of()));
			case 4 -> json("POST",
					"/hosts/" + ghost + "/"
							+ in.pick(List.of("reboot", "restart", "deploy", "terminate", "migrate", "explode", "")),
					headers, in,
					in.body("{\"reason\": \"why\", \"target\": \"ghost-2\"}", List.of("reason", "target")));
			case 5 -> json("POST", "/hosts", headers, in,
					in.body("{\"template\": \"ghost\", \"reason\": \"why\"}", List.of("template", "reason")));
			case 6 -> json("POST", "/clusters/restart", headers, in,
					in.body("{\"services\": [{\"host\": \"ghost-1\"}], \"reason\": \"why\"}",
							List.of("services", "host", "onFailure", "smokeTest", "path", "reason")));
			default -> json(in.pick(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS")),
					in.pick(List.of("/hosts", "/jobs", "/clusters", "/" + ghost, "/hosts/" + ghost + "/" + ghost)),
					headers, in, in.json(3, List.of()));
		};
	}

	private Request gatewayRequest(HostileInput in) {
		List<String> headers = new ArrayList<>();
		if (in.nextBoolean()) {
			headers.add(in.pick(List.of("X-Forwarded-For", "X-Forwarded-Host", "Forwarded", "traceparent", "Cookie",
					"Accept", "X-Real-IP")) + ": " + in.garbage().replace("\r", "").replace("\n", ""));
		}
		String target = switch (in.nextInt(6)) {
			case 0 -> "/";
			case 1 -> "/work?ms=" + encode(in.pick(List.of("abc", "-1", "1e3", "99999999999", "", "0"))) + "&cpu="
					+ encode(in.garbage());
			case 2 -> "/" + encode(in.garbage());
			case 3 -> "/" + in.word() + "/" + encode(in.garbage());
			case 4 -> "/actuator/" + in.word();
			default -> "/?" + encode(in.garbage()) + "=" + encode(in.garbage());
		};
		String method = in.pick(List.of("GET", "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"));
		return method.equals("GET") || method.equals("HEAD") ? new Request(method, target, headers, null)
				: json(method, target, headers, in, in.json(3, List.of()));
	}

	private Request sampleAppRequest(HostileInput in) {
		String target = switch (in.nextInt(5)) {
			case 0 -> "/work?ms=" + encode(in.pick(List.of("abc", "-1", "1e3", "99999999999", "", "0"))) + "&cpu="
					+ encode(in.garbage());
			case 1 -> "/" + encode(in.garbage());
			case 2 -> "/chaos/" + encode(in.word() + in.garbage());
			case 3 -> "/health?" + encode(in.garbage());
			default -> "/?" + encode(in.garbage()) + "=" + encode(in.garbage());
		};
		// The chaos actions are reached only with methods they refuse (or at names that
		// do not exist): the node keeps working.
		String method = target.startsWith("/chaos/") ? in.pick(List.of("GET", "POST", "PUT", "DELETE"))
				: in.pick(List.of("GET", "POST", "PUT", "HEAD"));
		if (target.startsWith("/chaos/") && method.equals("GET")) {
			target = in.pick(List.of("/chaos/cpu", "/chaos/memory", "/chaos/hang", "/chaos/reset")) + "?seconds="
					+ encode(in.garbage());
		}
		return method.equals("GET") || method.equals("HEAD") ? new Request(method, target, List.of(), null)
				: json(method, target, List.of(), in, in.json(3, List.of()));
	}

	private Request agentRequest(HostileInput in) {
		String target = switch (in.nextInt(4)) {
			case 0 -> "/actuator/health/" + encode(in.garbage());
			case 1 -> "/actuator/prometheus?" + encode(in.garbage()) + "=" + encode(in.garbage());
			case 2 -> "/" + encode(in.garbage());
			default -> "/actuator/" + in.word();
		};
		String method = in.pick(List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"));
		return method.equals("GET") || method.equals("HEAD") ? new Request(method, target, List.of(), null)
				: json(method, target, List.of(), in, in.json(3, List.of()));
	}

	private static Request json(String method, String target, List<String> headers, HostileInput in, String body) {
		List<String> all = new ArrayList<>(headers);
		all.add("Content-Type: " + in.contentType());
		return new Request(method, target, all, body.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Mostly the right credentials (so requests reach validation), sometimes none or
	 * wrong ones.
	 */
	private static List<String> credentials(HostileInput in, String right) {
		List<String> headers = new ArrayList<>();
		switch (in.nextInt(10)) {
			case 0 -> {
			}
			case 1 -> headers.add("Authorization: " + in.pick(List.of("Bearer " + in.word(), "Basic YWRtaW46eA==",
					"Bearer " + encode(in.garbage()), "Digest x")));
			default -> headers.add("Authorization: " + right);
		}
		return headers;
	}

	/** A node, host, pool or job name that does not exist, or garbage. */
	private static String ghost(HostileInput in) {
		return switch (in.nextInt(3)) {
			case 0 -> "ghost-" + in.nextInt(9);
			case 1 -> "ghost" + in.word();
			default -> encode(in.garbage());
		};
	}

	private static List<String> authorization(String service) {
		return switch (service) {
			case "monkey-service" -> new ArrayList<>(List.of("Authorization: Bearer " + stack.adminToken()));
			case "provisioner-service" -> new ArrayList<>(List.of("Authorization: Bearer " + stack.operatorToken()));
			default -> new ArrayList<>();
		};
	}

	private static void remember(RawHttp.Answer answer) {
		ANSWERS.add(answer.headers() + " " + answer.body());
	}

	// --- the secrets

	/** The secret values this stack was given, by what they are. */
	private static Map<String, String> secrets() throws IOException {
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("admin API bearer token", stack.adminToken());
		secrets.put("provisioner operator token", stack.operatorToken());
		String stackJson = read(WORK.resolve("stack.json"));
		Matcher password = Pattern.compile("\"password\": \"([^\"]+)\"").matcher(stackJson);
		assertThat(password.find()).as("the dashboard password in stack.json").isTrue();
		secrets.put("dashboard password", password.group(1));
		Properties monkey = new Properties();
		try (var in = Files.newBufferedReader(WORK.resolve("config").resolve("monkey.properties"))) {
			monkey.load(in);
		}
		String monkeyToken = monkey.getProperty("monkeyfleet.monkey.provisioner.token");
		assertThat(monkeyToken).as("monkey-service's provisioner token").isNotBlank();
		secrets.put("monkey-service's provisioner token", monkeyToken);
		String redisPassword = monkey.getProperty("spring.data.redis.password");
		if (redisPassword != null && !redisPassword.isBlank()) {
			secrets.put("Redis password", redisPassword);
		}
		secrets.values().forEach((secret) -> assertThat(secret).hasSizeGreaterThanOrEqualTo(16));
		return secrets;
	}

	private static String dump(StringRedisTemplate redis) {
		StringBuilder all = new StringBuilder();
		for (String key : redis.keys("*")) {
			DataType type = redis.type(key);
			Object value = switch (type) {
				case STRING -> redis.opsForValue().get(key);
				case HASH -> redis.opsForHash().entries(key);
				case LIST -> redis.opsForList().range(key, 0, -1);
				case SET -> redis.opsForSet().members(key);
				case ZSET -> redis.opsForZSet().range(key, 0, -1);
				case STREAM -> redis.opsForStream().range(key, org.springframework.data.domain.Range.unbounded());
				default -> type;
			};
			all.append(key).append(" = ").append(value).append('\n');
		}
		return all.toString();
	}

	private static String read(Path file) {
		try {
			return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The node's monitor-agent listens on a port of its own choosing: its log says which.
	 */
	private static int agentPort() throws IOException {
		try (Stream<Path> files = Files.walk(WORK.resolve("nodes"))) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				Matcher port = AGENT_PORT.matcher(read(file));
				if (port.find()) {
					return Integer.parseInt(port.group(1));
				}
			}
		}
		throw new IllegalStateException("no monitor-agent log under " + WORK.resolve("nodes") + " names its port");
	}

}

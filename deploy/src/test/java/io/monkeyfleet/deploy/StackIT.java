package io.monkeyfleet.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import io.monkeyfleet.testsupport.process.FreePorts;
import io.monkeyfleet.testsupport.process.JavaProcess;
import io.monkeyfleet.testsupport.process.ServiceJars;
import io.monkeyfleet.testsupport.redis.RedisServerProcess;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The deployment's moving parts checked against the real services: every service runs
 * from its jar as its own Redis ACL user (the committed rules, rendered by the committed
 * script, loaded by a real {@code redis-server --aclfile}) with its password read from a
 * config tree, as in compose and systemd; then
 * <ul>
 * <li>the fleet works (nodes admitted, the gateway proxies) and Redis refused
 * nothing;</li>
 * <li>every metric the dashboard and the alert rules read is in the services' real
 * {@code /actuator/prometheus} output;</li>
 * <li>Debian's Prometheus, loaded with the real alert rules, scrapes every service, has
 * samples of the key metrics, evaluates every rule and every dashboard query without
 * error, and fires no alert on this healthy stack;</li>
 * <li>one request is followed from the gateway's trace (exported over OTLP) into the
 * node;</li>
 * <li>each user is refused what it must not do.</li>
 * </ul>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StackIT {

	private static final String TOKEN = "stack-it-provisioner-token";

	private static final String ADMIN_PASSWORD = "stack-it-admin-password";

	private static final List<String> NODES = AclRulesFileTests.COMPOSE_NODES;

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	@TempDir
	static Path work;

	private static final Map<String, String> passwords = new LinkedHashMap<>();

	private static RedisServerProcess redis;

	private static final List<JavaProcess> processes = new ArrayList<>();

	private static Process prometheus;

	private static HttpServer otlp;

	private static final List<byte[]> exportedSpans = new CopyOnWriteArrayList<>();

	private static final int provisionerPort = FreePorts.loopback();

	private static final int gatewayPort = FreePorts.loopback();

	private static final int monkeyPort = FreePorts.loopback();

	private static final int prometheusPort = FreePorts.loopback();

	private static final Map<String, Integer> appPorts = new LinkedHashMap<>();

	private static final Map<String, Integer> agentPorts = new LinkedHashMap<>();

	@BeforeAll
	static void startTheStack() throws IOException {
		Path redisServer = Tools.require("redis-server");
		Path aclFile = renderAclFile();
		redis = RedisServerProcess.start(redisServer, List.of("--aclfile", aclFile.toString()));
		startOtlpReceiver();
		NODES.forEach((node) -> {
			appPorts.put(node, FreePorts.loopback());
			agentPorts.put(node, FreePorts.loopback());
		});
		startProvisionerAndNodes();
		startGateway();
		startMonkey();
	}

	@AfterAll
	static void stopTheStack() {
		if (prometheus != null) {
			prometheus.destroy();
		}
		keepLogs();
		for (int i = processes.size() - 1; i >= 0; i--) {
			processes.get(i).close();
		}
		if (otlp != null) {
			otlp.stop(0);
		}
		if (redis != null) {
			redis.close();
		}
	}

	@Test
	@Order(1)
	void theFleetWorksWithEveryServiceAsItsOwnRedisUser() {
		for (String node : NODES) {
			await("node " + node + " admitted by monkey-service").atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> admin("GET", "mf:node:" + node + ":state"), (state) -> state.contains("\"ACTIVE\""));
		}
		Set<String> answered = new TreeSet<>();
		await("the gateway to proxy to every node").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				HttpResponse<String> response = gateway("/web/");
				if (response.statusCode() == 200) {
					Matcher node = Pattern.compile("\"node\":\"([^\"]+)\"").matcher(response.body());
					if (node.find()) {
						answered.add(node.group(1));
					}
				}
				return answered.containsAll(NODES);
			});
		for (int i = 0; i < 40; i++) {
			assertThat(gateway("/web/work?ms=1").statusCode()).isEqualTo(200);
		}
	}

	@Test
	@Order(2)
	void theAdminSignsInWithThePasswordWhoseHashIsConfigured() throws Exception {
		HttpRequest.Builder pools = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monkeyPort + "/api/pools"));
		String basic = java.util.Base64.getEncoder()
			.encodeToString(("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
		assertThat(http
			.send(pools.copy().header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.ofString())
			.statusCode()).isEqualTo(200);
		assertThat(http.send(pools.copy().build(), HttpResponse.BodyHandlers.ofString()).statusCode())
			.as("no credentials")
			.isEqualTo(401);
	}

	@Test
	@Order(2)
	void everyMetricTheDashboardAndTheAlertsReadIsExported() {
		Set<String> read = new TreeSet<>(dashboardExpressions().stream()
			.flatMap((expression) -> PromQl.metricNames(expression).stream())
			.toList());
		read.addAll(PromQl.labelValuesMetric(dashboardVariableQueries()));
		ruleExpressions().forEach((expression) -> read.addAll(PromQl.metricNames(expression)));
		// up is Prometheus's own: one per target, whatever the target exports.
		read.remove("up");
		assertThat(read).as("metrics read by the dashboard and the alert rules").hasSizeGreaterThan(15);
		Set<String> exported = awaitExportedNames(read);
		assertThat(exported).as("metrics the services export").containsAll(read);
	}

	@Test
	@Order(3)
	void prometheusScrapesEveryServiceAndEvaluatesEveryRuleAndPanel() throws IOException {
		startPrometheus();
		List<String> targetStates = new CopyOnWriteArrayList<>();
		await("every target up")
			.conditionEvaluationListener((condition) -> System.err.println("targets: " + targetStates))
			.atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				JsonNode targets = prometheusApi("/api/v1/targets").path("data").path("activeTargets");
				targetStates.clear();
				targets.forEach((target) -> targetStates.add(target.path("scrapeUrl").asText() + " "
						+ target.path("health").asText() + " " + target.path("lastError").asText()));
				return targetStates.size() == 3 + NODES.size()
						&& targetStates.stream().allMatch((state) -> state.contains(" up "));
			});
		for (String metric : List.of("monkeyfleet_fleet_node_cpu_percent", "monkeyfleet_fleet_pool_heartbeating_nodes",
				"monkeyfleet_gateway_node_requests_total", "monkeyfleet_gateway_node_latency_seconds_bucket",
				"monkeyfleet_agent_samples_written_total", "provisioner_jobs_finished_total",
				"monkeyfleet_monkey_leader")) {
			await(metric + " has samples").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> query(metric).size() > 0);
		}
		await("every alert rule evaluated without error").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				List<String> health = new ArrayList<>();
				prometheusApi("/api/v1/rules").path("data")
					.path("groups")
					.forEach(
							(group) -> group.path("rules").forEach((rule) -> health.add(rule.path("health").asText())));
				return health.size() == 7 && health.stream().allMatch("ok"::equals);
			});
		for (String expression : dashboardExpressions()) {
			String runnable = expression.replace("$__rate_interval", "1m").replace("$pool", ".*");
			JsonNode answer = prometheusApi(
					"/api/v1/query?query=" + URLEncoder.encode(runnable, StandardCharsets.UTF_8));
			assertThat(answer.path("status").asText()).as(runnable + ": " + answer).isEqualTo("success");
		}
		assertThat(query("sum by (node) (monkeyfleet_gateway_node_requests_total)")).hasSize(NODES.size());
		assertThat(query("ALERTS{alertstate=\"firing\"}")).as("alerts firing on a healthy stack").isEmpty();
	}

	@Test
	@Order(4)
	void oneRequestIsFollowedFromTheGatewaysTraceIntoTheNode() {
		HttpResponse<String> response = gateway("/web/");
		assertThat(response.statusCode()).isEqualTo(200);
		String traceparent = response.headers().firstValue("X-Received-Traceparent").orElseThrow();
		Matcher parts = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-01").matcher(traceparent);
		assertThat(parts.matches()).as(traceparent).isTrue();
		byte[] traceId = HexFormat.of().parseHex(parts.group(1));
		byte[] parentSpanId = HexFormat.of().parseHex(parts.group(2));
		await("the gateway's span of this request exported over OTLP").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> exportedSpans.stream()
				.anyMatch((body) -> contains(body, traceId) && contains(body, parentSpanId)));
	}

	@Test
	@Order(5)
	void redisRefusedNothingTheServicesDid() {
		assertThat(admin("ACL", "LOG")).as("ACL LOG: commands Redis refused a service").isEmpty();
	}

	/**
	 * Issue 10 of 10, item 12: an agent's credentials cannot write another node's keys
	 * (its sample, its lifecycle state), change its own node's lifecycle state (only
	 * monkey-service creates and moves states) or touch routes, and Redis's ACL LOG shows
	 * each denial with the user and the key, for an operator to see who tried what.
	 */
	@Test
	@Order(7)
	void anAgentsForbiddenWritesAreRefusedAndEachIsInTheAclLog() {
		assertThat(admin("ACL", "LOG", "RESET")).isEqualTo("+OK");
		Map<String, List<String>> attempts = new LinkedHashMap<>();
		attempts.put("mf:node:node-2:sample", List.of("SET", "mf:node:node-2:sample", "{\"cpuPercent\":1}"));
		attempts.put("mf:node:node-2:state", List.of("SET", "mf:node:node-2:state", "{\"state\":\"ACTIVE\"}"));
		attempts.put("mf:node:node-1:state", List.of("SET", "mf:node:node-1:state", "{\"state\":\"ACTIVE\"}"));
		attempts.put("mf:route:evil", List.of("SET", "mf:route:evil", "{\"id\":\"evil\"}"));
		attempts.put("mf:routes", List.of("SADD", "mf:routes", "evil"));
		attempts.forEach((key, command) -> assertThat(as("agent-node-1", command.toArray(String[]::new)))
			.as(String.join(" ", command))
			.startsWith("-NOPERM"));
		String log = admin("ACL", "LOG");
		for (String key : attempts.keySet()) {
			assertThat(log).as("ACL LOG names " + key).contains(key);
		}
		assertThat(log).contains("agent-node-1");
		assertThat(admin("EXISTS", "mf:route:evil")).isEqualTo(":0");
		assertThat(admin("SISMEMBER", "mf:routes", "evil")).isEqualTo(":0");
		io.monkeyfleet.testsupport.faults.ReliabilityReport.record(12,
				"agent-node-1's credentials: another node's sample and lifecycle state, its own node's lifecycle state, a route, the route index",
				"writes refused", attempts.size() + " of " + attempts.size(), "denials in ACL LOG",
				attempts.size() + " (user and key named)");
	}

	@Test
	@Order(6)
	void eachUserIsRefusedWhatItMustNotDo() {
		try (Resp anonymous = new Resp(redis.host(), redis.port())) {
			assertThat(anonymous.call("GET", "mf:nodes")).startsWith("-NOAUTH");
			assertThat(anonymous.call("AUTH", "default", "")).startsWith("-WRONGPASS");
		}
		assertThat(as("gateway", "SET", "mf:node:node-1:state", "{}")).startsWith("-NOPERM");
		assertThat(as("gateway", "SET", "mf:node:node-1:sample", "{}")).startsWith("-NOPERM");
		assertThat(as("gateway", "GET", "mf:prov:fencing-token")).startsWith("-NOPERM");
		assertThat(as("gateway", "GET", "mf:monkey:leader")).startsWith("-NOPERM");
		assertThat(as("gateway", "FLUSHALL")).startsWith("-NOPERM");
		assertThat(as("monkey", "SET", "mf:prov:fencing-token", "999999")).startsWith("-NOPERM");
		assertThat(as("monkey", "HSET", "mf:gateway:reports", "g", "{}")).startsWith("-NOPERM");
		assertThat(as("monkey", "KEYS", "*")).startsWith("-NOPERM");
		assertThat(as("monkey", "SCAN", "0")).startsWith("-NOPERM");
		assertThat(as("monkey", "CONFIG", "SET", "requirepass", "x")).startsWith("-NOPERM");
		assertThat(as("monkey", "CLIENT", "KILL", "TYPE", "normal")).startsWith("-NOPERM");
		assertThat(as("provisioner", "GET", "mf:nodes")).startsWith("-NOPERM");
		assertThat(as("provisioner", "SET", "mf:node:node-1:state", "{}")).startsWith("-NOPERM");
		assertThat(as("provisioner", "PUBLISH", "mf:changes", "{}")).startsWith("-NOPERM");
		assertThat(as("agent-node-1", "SET", "mf:node:node-2:sample", "{}")).startsWith("-NOPERM");
		assertThat(as("agent-node-1", "DEL", "mf:node:node-1:state")).startsWith("-NOPERM");
		assertThat(as("agent-node-1", "CLIENT", "KILL", "TYPE", "normal")).startsWith("-NOPERM");
		assertThat(as("gateway", "GET", "mf:node:node-1")).contains("node-1");
	}

	// The stack

	/** Each process's output in target/stack-logs, to read when a test failed. */
	private static void keepLogs() {
		try {
			Path logs = Files.createDirectories(DeployFiles.deploy().resolve("target/stack-logs"));
			for (int i = 0; i < processes.size(); i++) {
				Files.writeString(logs.resolve(i + ".log"), processes.get(i).output());
			}
		}
		catch (IOException ex) {
			// only diagnostics are lost
		}
	}

	private static Path renderAclFile() throws IOException {
		Path secrets = Files.createDirectories(work.resolve("secrets"));
		List<String> users = new ArrayList<>(List.of("admin", "gateway", "monkey", "provisioner", "enroller"));
		NODES.forEach((node) -> users.add("agent-" + node));
		for (String user : users) {
			String password = Tools.sha256(user).substring(0, 32);
			passwords.put(user, password);
			Files.writeString(secrets.resolve("redis-" + user + "-password"), password + "\n");
		}
		Path aclFile = work.resolve("users.acl");
		Tools
			.run(DeployFiles.deploy(), "sh", "redis/render-acl.sh", "redis/acl-rules.conf", secrets.toString(),
					aclFile.toString())
			.assertSucceeded();
		assertThat(Files.readString(aclFile)).doesNotContain(passwords.get("gateway"));
		return aclFile;
	}

	/**
	 * A config tree holding the user's Redis password, imported as in compose and
	 * systemd.
	 */
	private static List<String> redisUser(String user, Map<String, String> moreSecrets) {
		try {
			Path tree = Files.createDirectories(work.resolve("config-tree").resolve(user));
			Files.writeString(tree.resolve("spring.data.redis.password"), passwords.get(user));
			for (Map.Entry<String, String> secret : moreSecrets.entrySet()) {
				Files.writeString(tree.resolve(secret.getKey()), secret.getValue());
			}
			return List.of("--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
					"--spring.data.redis.username=" + user, "--spring.config.import=optional:configtree:" + tree + "/");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void startOtlpReceiver() throws IOException {
		otlp = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		otlp.createContext("/v1/traces", (exchange) -> {
			exportedSpans.add(exchange.getRequestBody().readAllBytes());
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		otlp.start();
	}

	private static void startProvisionerAndNodes() {
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + provisionerPort,
				"--monkeyfleet.provisioner.local.state-directory=" + work.resolve("provisioner"),
				"--monkeyfleet.provisioner.local.stop-on-shutdown=true",
				"--monkeyfleet.provisioner.security.tokens[0].name=monkey",
				"--monkeyfleet.provisioner.security.tokens[0].sha256=" + Tools.sha256(TOKEN),
				"--monkeyfleet.provisioner.security.tokens[0].role=OPERATOR"));
		arguments.addAll(redisUser("provisioner", Map.of()));
		for (int index = 0; index < NODES.size(); index++) {
			arguments.addAll(host(index, NODES.get(index)));
		}
		JavaProcess provisioner = JavaProcess.startJar("provisioner", ServiceJars.of("provisioner-service"),
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), arguments, Map.of());
		processes.add(provisioner);
		provisioner.awaitOutput("Started ProvisionerApplication", Duration.ofSeconds(120));
		for (String node : NODES) {
			HttpResponse<String> submitted = send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + provisionerPort + "/hosts/" + node + "/deploy"))
				.header("Authorization", "Bearer " + TOKEN)
				.header("Fencing-Token", "0")
				.header("Idempotency-Key", "deploy-" + node)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"stack test\"}"))
				.build());
			assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
			String job = json.readTree(submitted.body()).path("id").asText();
			await("deploy of " + node).atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(250))
				.until(() -> {
					JsonNode status = json.readTree(send(
							HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + provisionerPort + "/jobs/" + job))
								.header("Authorization", "Bearer " + TOKEN)
								.build())
						.body());
					String state = status.path("status").asText();
					if (state.equals("FAILED") || state.equals("CANCELLED")) {
						throw new IllegalStateException("deploy of " + node + " " + state + ": " + status);
					}
					return state.equals("SUCCEEDED");
				});
		}
	}

	/**
	 * A node: the sample app and its agent, as its own Redis user, run by the local
	 * driver.
	 */
	private static List<String> host(int index, String node) {
		String prefix = "--monkeyfleet.provisioner.inventory.hosts[" + index + "].";
		int port = appPorts.get(node);
		List<String> host = new ArrayList<>(List.of(prefix + "id=" + node, prefix + "driver=local",
				prefix + "address=127.0.0.1:" + port, prefix + "health-path=/health", prefix + "local.boot-time=1s",
				prefix + "local.processes[0].name=app"));
		List<String> app = List.of("{java}", "-Xmx48m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
				ServiceJars.of("sample-app").toString(), "--node-id={host}", "--port={port}",
				"--pid-file={dir}/app.pid");
		for (int a = 0; a < app.size(); a++) {
			host.add(prefix + "local.processes[0].command[" + a + "]=" + app.get(a));
		}
		host.add(prefix + "local.processes[1].name=agent");
		List<String> agent = new ArrayList<>(List.of("{java}", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-jar", ServiceJars.of("monitor-agent").toString(), "--server.port=" + agentPorts.get(node),
				"--monkeyfleet.agent.node-id={host}", "--monkeyfleet.agent.pool=web",
				"--monkeyfleet.agent.address=127.0.0.1:{port}", "--monkeyfleet.agent.cpu.source=PROCESS",
				"--monkeyfleet.agent.cpu.pid-file={dir}/app.pid", "--monkeyfleet.agent.cpu.memory-limit=256MB",
				"--monkeyfleet.agent.health.url=http://127.0.0.1:{port}/health"));
		agent.addAll(redisUser("agent-" + node, Map.of()));
		for (int a = 0; a < agent.size(); a++) {
			host.add(prefix + "local.processes[1].command[" + a + "]=" + agent.get(a));
		}
		return host;
	}

	private static void startGateway() {
		List<String> arguments = new ArrayList<>(
				List.of("--server.port=" + gatewayPort, "--spring.profiles.active=local",
						"--monkeyfleet.gateway.seed.file=" + DeployFiles.file("compose/config/seed.yml"),
						"--monkeyfleet.gateway.snapshot.file=" + work.resolve("gateway-snapshot.json"),
						"--management.tracing.export.enabled=true", "--management.tracing.sampling.probability=1.0",
						"--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
								+ otlp.getAddress().getPort() + "/v1/traces",
						"--management.opentelemetry.tracing.export.schedule-delay=200ms",
						"--spring.cloud.gateway.server.webflux.observability.enabled=true"));
		arguments.addAll(redisUser("gateway", Map.of()));
		JavaProcess gateway = JavaProcess.startJar("gateway", ServiceJars.of("gateway-service"),
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), arguments, Map.of());
		processes.add(gateway);
		gateway.awaitOutput("Started GatewayApplication", Duration.ofSeconds(120));
	}

	private static void startMonkey() {
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + monkeyPort,
				"--monkeyfleet.monkey.replica-id=stack-it", "--monkeyfleet.monkey.dry-run=false",
				"--monkeyfleet.monkey.tick=500ms", "--monkeyfleet.monkey.lease-time-to-live=2s",
				"--monkeyfleet.monkey.provisioner.url=http://127.0.0.1:" + provisionerPort,
				"--monkeyfleet.fleet-metrics.interval=1s"));
		// The admin API's user as compose and systemd configure it: name, password hash
		// and role from one source (Spring Boot does not merge a list across sources).
		arguments.addAll(List.of("--monkeyfleet.monkey.security.users[0].name=admin",
				"--monkeyfleet.monkey.security.users[0].password={bcrypt}"
						+ new BCryptPasswordEncoder(4).encode(ADMIN_PASSWORD),
				"--monkeyfleet.monkey.security.users[0].role=operator"));
		arguments.addAll(redisUser("monkey", Map.of("monkeyfleet.monkey.provisioner.token", TOKEN)));
		JavaProcess monkey = JavaProcess.startJar("monkey", ServiceJars.of("monkey-service"),
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), arguments, Map.of());
		processes.add(monkey);
		monkey.awaitOutput("Monkeys ticking every", Duration.ofSeconds(120));
	}

	private static void startPrometheus() throws IOException {
		Path binary = Tools.require("prometheus");
		StringBuilder config = new StringBuilder("""
				global:
				  scrape_interval: 2s
				  scrape_timeout: 2s
				  evaluation_interval: 1s
				rule_files:
				  - %s/*.yml
				scrape_configs:
				""".formatted(DeployFiles.file("prometheus/rules")));
		Map<String, List<Integer>> jobs = new LinkedHashMap<>();
		jobs.put("gateway", List.of(gatewayPort));
		jobs.put("monkey", List.of(monkeyPort));
		jobs.put("provisioner", List.of(provisionerPort));
		jobs.put("agent", List.copyOf(agentPorts.values()));
		jobs.forEach((job, ports) -> config.append("  - job_name: ")
			.append(job)
			.append("\n    metrics_path: /actuator/prometheus\n    static_configs:\n      - targets: [")
			.append(String.join(", ", ports.stream().map((port) -> "\"127.0.0.1:" + port + "\"").toList()))
			.append("]\n"));
		Path configFile = work.resolve("prometheus.yml");
		Files.writeString(configFile, config);
		Tools
			.run(Tools.command(Tools.require("promtool"), "check", "config", configFile.toString()), work, Map.of(),
					Duration.ofMinutes(1))
			.assertSucceeded();
		prometheus = new ProcessBuilder(binary.toString(), "--config.file=" + configFile,
				"--storage.tsdb.path=" + work.resolve("prometheus-data"),
				"--web.listen-address=127.0.0.1:" + prometheusPort)
			.redirectErrorStream(true)
			.redirectOutput(work.resolve("prometheus.log").toFile())
			.start();
		await("prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
			if (!prometheus.isAlive()) {
				throw new IllegalStateException(
						"prometheus exited: " + Files.readString(work.resolve("prometheus.log")));
			}
			try {
				return http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + "/-/ready")).build(),
							HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200;
			}
			catch (IOException ex) {
				return false;
			}
		});
	}

	// What the dashboard and the rules read

	private static List<String> dashboardExpressions() {
		JsonNode dashboard = json.readTree(DeployFiles.read("grafana/dashboards/monkey-fleet.json"));
		List<String> expressions = new ArrayList<>();
		dashboard.path("panels")
			.forEach((panel) -> panel.path("targets")
				.forEach((target) -> expressions.add(target.path("expr").asText())));
		dashboard.path("annotations")
			.path("list")
			.forEach((annotation) -> expressions.add(annotation.path("expr").asText()));
		assertThat(expressions).doesNotContain("");
		return expressions;
	}

	private static String dashboardVariableQueries() {
		JsonNode dashboard = json.readTree(DeployFiles.read("grafana/dashboards/monkey-fleet.json"));
		StringBuilder queries = new StringBuilder();
		dashboard.path("templating")
			.path("list")
			.forEach((variable) -> queries.append(variable.path("definition").asText()).append('\n'));
		return queries.toString();
	}

	@SuppressWarnings("unchecked")
	private static List<String> ruleExpressions() {
		Map<String, Object> rules = new Yaml().load(DeployFiles.read("prometheus/rules/monkeyfleet-alerts.yml"));
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				expressions.add((String) rule.get("expr"));
			}
		}
		return expressions;
	}

	/**
	 * Metric names in the services' exposition, once the lazily created ones are there.
	 */
	/**
	 * The metric names the services export, once they include {@code wanted} or 30 s
	 * passed (the caller's assertion then names what is missing). monkey-service
	 * publishes its fleet gauges one after the other on its first tick, so a scrape in
	 * the middle of that tick has some of them and not the others: waiting for a few
	 * stand-ins is not enough (CI saw the pool gauges missing once under load).
	 */
	private static Set<String> awaitExportedNames(Set<String> wanted) {
		List<String> endpoints = new ArrayList<>(List.of(gatewayPort, monkeyPort, provisionerPort)
			.stream()
			.map((port) -> "http://127.0.0.1:" + port + "/actuator/prometheus")
			.toList());
		agentPorts.values().forEach((port) -> endpoints.add("http://127.0.0.1:" + port + "/actuator/prometheus"));
		Set<String> names = new TreeSet<>();
		try {
			await("every metric the dashboard and the alerts read, exported").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					names.clear();
					for (String endpoint : endpoints) {
						HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(endpoint)).build());
						assertThat(response.statusCode()).as(endpoint).isEqualTo(200);
						response.body()
							.lines()
							.filter((line) -> !line.isBlank() && !line.startsWith("#"))
							.map((line) -> line.split("[{ ]", 2)[0])
							.forEach(names::add);
					}
					return names.containsAll(wanted);
				});
		}
		catch (ConditionTimeoutException ex) {
			// The caller's assertion says which are missing.
		}
		return names;
	}

	// Clients

	private static String admin(String... command) {
		return as("admin", command);
	}

	private static String as(String user, String... command) {
		try (Resp connection = new Resp(redis.host(), redis.port())) {
			assertThat(connection.call("AUTH", user, passwords.get(user))).isEqualTo("+OK");
			return connection.call(command);
		}
	}

	private static HttpResponse<String> gateway(String path) {
		return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gatewayPort + path))
			.timeout(Duration.ofSeconds(10))
			.build());
	}

	private static JsonNode prometheusApi(String path) {
		HttpResponse<String> response = send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + path)).build());
		return json.readTree(response.body());
	}

	private static List<JsonNode> query(String promql) {
		JsonNode answer = prometheusApi("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
		assertThat(answer.path("status").asText()).as(promql + ": " + answer).isEqualTo("success");
		List<JsonNode> result = new ArrayList<>();
		answer.path("data").path("result").forEach(result::add);
		return result;
	}

	private static HttpResponse<String> send(HttpRequest request) {
		try {
			return http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.uri() + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static boolean contains(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return true;
		}
		return false;
	}

}

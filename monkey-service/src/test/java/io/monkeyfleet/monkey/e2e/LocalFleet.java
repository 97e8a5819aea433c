package io.monkeyfleet.monkey.e2e;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.monkey.MonkeyServiceApplication;
import io.monkeyfleet.monkey.admin.TestUsers;
import io.monkeyfleet.testsupport.faults.TcpProxy;
import io.monkeyfleet.testsupport.http.Http;
import io.monkeyfleet.testsupport.process.FreePorts;
import io.monkeyfleet.testsupport.process.JavaProcess;
import io.monkeyfleet.testsupport.process.ServiceJars;
import io.monkeyfleet.testsupport.redis.RealRedis;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A small real fleet for end-to-end tests: a provisioner process (from its jar) whose
 * local driver runs each node as a sample-app plus its monitor-agent (both from their
 * jars), and monkey-service processes to point at it. Everything on 127.0.0.1; everything
 * closed with it.
 */
final class LocalFleet implements AutoCloseable {

	static final String TOKEN = "e2e-provisioner-token";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final RealRedis redis;

	private final Path state;

	private final Map<String, Integer> nodePorts;

	private final int provisionerPort = FreePorts.loopback();

	private final List<JavaProcess> processes = new ArrayList<>();

	private final Map<String, Integer> standbyPorts = new LinkedHashMap<>();

	private final List<String> provisionerExtras = new ArrayList<>();

	/** Nodes whose advertised address is a proxy, so the gateway's path can be cut. */
	private final Map<String, TcpProxy> gatewayProxies = new LinkedHashMap<>();

	private String memoryLimit = "256MB";

	private boolean launchTemplate;

	private JavaProcess provisioner;

	private int gatewayPort;

	private JavaProcess gateway;

	LocalFleet(RealRedis redis, Path state, List<String> nodes) {
		this.redis = redis;
		this.state = state;
		Map<String, Integer> ports = new LinkedHashMap<>();
		nodes.forEach((node) -> ports.put(node, FreePorts.loopback()));
		this.nodePorts = ports;
	}

	/**
	 * Adds standby hosts: in the provisioner's inventory with no processes, until a
	 * migration gives them a service.
	 */
	LocalFleet withStandbyHosts(List<String> hosts) {
		hosts.forEach((host) -> this.standbyPorts.put(host, FreePorts.loopback()));
		return this;
	}

	/**
	 * Adds a launch template named like the pool ({@code web}) that starts a node like
	 * the others on a free port.
	 */
	LocalFleet withLaunchTemplate() {
		this.launchTemplate = true;
		return this;
	}

	/** The memory the agents measure their app against (default 256MB). */
	LocalFleet withMemoryLimit(String limit) {
		this.memoryLimit = limit;
		return this;
	}

	/** More provisioner properties ({@code --name=value}). */
	LocalFleet withProvisionerProperties(List<String> properties) {
		this.provisionerExtras.addAll(properties);
		return this;
	}

	/**
	 * Puts a TCP proxy between the gateway and {@code node}: the node's agent advertises
	 * the proxy's port, while the agent itself, the provisioner and the monkeys still
	 * reach the app directly. Cutting the proxy partitions the node from the gateway
	 * only.
	 */
	LocalFleet withGatewayProxy(String node) {
		this.gatewayProxies.put(node, TcpProxy.to("127.0.0.1", this.nodePorts.get(node)));
		return this;
	}

	TcpProxy gatewayProxy(String node) {
		return this.gatewayProxies.get(node);
	}

	/** The provisioner's own port (monkeys may be pointed elsewhere, at a proxy). */
	int provisionerPort() {
		return this.provisionerPort;
	}

	int standbyPort(String host) {
		return this.standbyPorts.get(host);
	}

	/** Starts the provisioner and deploys every node through it (fencing token 0). */
	LocalFleet start() {
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + this.provisionerPort,
				"--spring.data.redis.host=" + this.redis.host(), "--spring.data.redis.port=" + this.redis.port(),
				"--monkeyfleet.provisioner.local.state-directory=" + this.state,
				"--monkeyfleet.provisioner.local.stop-on-shutdown=true",
				"--monkeyfleet.provisioner.security.tokens[0].name=monkey",
				"--monkeyfleet.provisioner.security.tokens[0].sha256=" + sha256(TOKEN),
				"--monkeyfleet.provisioner.security.tokens[0].role=OPERATOR"));
		int index = 0;
		for (Map.Entry<String, Integer> node : this.nodePorts.entrySet()) {
			arguments.addAll(host(index++, node.getKey(), node.getValue()));
		}
		for (Map.Entry<String, Integer> standby : this.standbyPorts.entrySet()) {
			String prefix = "--monkeyfleet.provisioner.inventory.hosts[" + index++ + "].";
			arguments.addAll(List.of(prefix + "id=" + standby.getKey(), prefix + "driver=local",
					prefix + "address=127.0.0.1:" + standby.getValue(), prefix + "health-path=/health",
					prefix + "local.boot-time=1s"));
		}
		if (this.launchTemplate) {
			String prefix = "--monkeyfleet.provisioner.inventory.launch-templates[0].";
			arguments.addAll(List.of(prefix + "name=web", prefix + "driver=local", prefix + "health-path=/health"));
			arguments.addAll(processes(prefix));
		}
		arguments.addAll(this.provisionerExtras);
		this.provisioner = JavaProcess.startJar("provisioner", ServiceJars.of("provisioner-service"),
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), arguments, Map.of());
		this.processes.add(this.provisioner);
		this.provisioner.awaitOutput("Started ProvisionerApplication", Duration.ofSeconds(120));
		for (String node : this.nodePorts.keySet()) {
			JsonNode job = post("/hosts/" + node + "/deploy", 0, "deploy-" + node);
			awaitJob(job.path("id").asText(), Duration.ofSeconds(120));
		}
		return this;
	}

	/** Each node: the sample app (chaos on, pid file) and an agent watching that pid. */
	private List<String> host(int index, String node, int port) {
		String prefix = "--monkeyfleet.provisioner.inventory.hosts[" + index + "].";
		List<String> host = new ArrayList<>(List.of(prefix + "id=" + node, prefix + "driver=local",
				prefix + "address=127.0.0.1:" + port, prefix + "health-path=/health", prefix + "local.boot-time=1s"));
		TcpProxy proxy = this.gatewayProxies.get(node);
		host.addAll(processes(prefix, (proxy != null) ? String.valueOf(proxy.port()) : "{port}"));
		return host;
	}

	private List<String> processes(String prefix) {
		return processes(prefix, "{port}");
	}

	/**
	 * @param advertisedPort the port the agent tells the gateways to use
	 */
	private List<String> processes(String prefix, String advertisedPort) {
		List<String> host = new ArrayList<>(List.of(prefix + "local.processes[0].name=app"));
		List<String> app = List.of("{java}", "-Xmx64m", "-XX:+UseSerialGC", "-jar",
				ServiceJars.of("sample-app").toString(), "--node-id={host}", "--port={port}", "--chaos=true",
				"--pid-file={dir}/app.pid");
		for (int a = 0; a < app.size(); a++) {
			host.add(prefix + "local.processes[0].command[" + a + "]=" + app.get(a));
		}
		host.add(prefix + "local.processes[1].name=agent");
		List<String> agent = List.of("{java}", "-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar",
				ServiceJars.of("monitor-agent").toString(), "--server.port=0",
				"--spring.data.redis.host=" + this.redis.host(), "--spring.data.redis.port=" + this.redis.port(),
				"--monkeyfleet.agent.node-id={host}", "--monkeyfleet.agent.pool=web",
				"--monkeyfleet.agent.address=127.0.0.1:" + advertisedPort, "--monkeyfleet.agent.cpu.source=PROCESS",
				"--monkeyfleet.agent.cpu.pid-file={dir}/app.pid",
				"--monkeyfleet.agent.cpu.memory-limit=" + this.memoryLimit,
				"--monkeyfleet.agent.health.url=http://127.0.0.1:{port}/health",
				// The boot id the local driver gives the simulated machine at each boot:
				// what
				// proves a reboot (this machine's own never changes).
				"--monkeyfleet.agent.boot-marker.file={dir}/boot_id");
		for (int a = 0; a < agent.size(); a++) {
			host.add(prefix + "local.processes[1].command[" + a + "]=" + agent.get(a));
		}
		return host;
	}

	/** A monkey-service process, armed or not, with the given extra properties. */
	JavaProcess monkey(String replica, boolean dryRun, List<String> extra) {
		List<String> arguments = new ArrayList<>(List.of("--server.port=0",
				"--spring.data.redis.host=" + this.redis.host(), "--spring.data.redis.port=" + this.redis.port(),
				"--monkeyfleet.monkey.replica-id=" + replica, "--monkeyfleet.monkey.dry-run=" + dryRun,
				"--monkeyfleet.monkey.tick=500ms", "--monkeyfleet.monkey.lease-time-to-live=2s",
				"--monkeyfleet.monkey.provisioner.url=http://127.0.0.1:" + this.provisionerPort,
				"--monkeyfleet.monkey.provisioner.token=" + TOKEN,
				"--monkeyfleet.monkey.doctor.defaults.grace-period=2s",
				"--monkeyfleet.monkey.repair.recovery-timeout=120s", "--monkeyfleet.monkey.repair.backoff=0s"));
		arguments.addAll(TestUsers.arguments());
		// A setting given in extra replaces the default above (Spring would join both).
		arguments.removeIf((argument) -> extra.stream()
			.anyMatch(
					(given) -> given.contains("=") && argument.startsWith(given.substring(0, given.indexOf('=') + 1))));
		arguments.addAll(extra);
		JavaProcess monkey = JavaProcess.start("monkey-" + replica, MonkeyServiceApplication.class,
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), arguments, Map.of());
		this.processes.add(monkey);
		monkey.awaitOutput("Monkeys ticking every", Duration.ofSeconds(120));
		return monkey;
	}

	/**
	 * Starts a gateway (from its jar) that reads its routes from this fleet's Redis; the
	 * test writes the routes.
	 * @return its port
	 */
	int gateway() {
		return gateway(List.of());
	}

	/** A gateway as {@link #gateway()}, with more properties ({@code --name=value}). */
	int gateway(List<String> extra) {
		this.gatewayPort = FreePorts.loopback();
		List<String> arguments = new ArrayList<>(List.of("--server.port=" + this.gatewayPort,
				"--spring.data.redis.host=" + this.redis.host(), "--spring.data.redis.port=" + this.redis.port(),
				"--monkeyfleet.gateway.ssrf.allow-loopback=true",
				"--monkeyfleet.gateway.snapshot.file=" + this.state.resolve("gateway-snapshot.json")));
		arguments.addAll(extra);
		JavaProcess gateway = JavaProcess.startJar("gateway", ServiceJars.of("gateway-service"),
				List.of("-Xmx192m", "-XX:TieredStopAtLevel=1"), arguments, Map.of());
		this.processes.add(gateway);
		this.gateway = gateway;
		gateway.awaitOutput("Started GatewayApplication", Duration.ofSeconds(120));
		return this.gatewayPort;
	}

	/** The end of the gateway's output, for a failure's message. */
	String gatewayOutputTail(int lines) {
		return this.gateway.outputTail(lines);
	}

	/** Fills the node's app heap to {@code percent} of its maximum. */
	void fillMemory(String node, int percent) {
		chaos(node, "/chaos/memory?percent=" + percent);
	}

	/** Burns one core of the node's app for a minute. */
	void burnCpu(String node) {
		burnCpu(node, Duration.ofSeconds(60));
	}

	/** Burns a core on the node until {@link #calm} or the duration ends. */
	void burnCpu(String node, Duration duration) {
		chaos(node, "/chaos/cpu?cores=1&seconds=" + duration.toSeconds());
	}

	void calm(String node) {
		chaos(node, "/chaos/reset");
	}

	private void chaos(String node, String path) {
		Http.Response response = Http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.nodePorts.get(node) + path))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build());
		assertThat(response.status()).as(path).isBetween(200, 299);
	}

	/** The provisioner's reboot jobs of a node, however they ended. */
	/** Every provisioner job on {@code node}, of whatever type, however it ended. */
	List<JsonNode> jobs(String node) {
		List<JsonNode> all = new ArrayList<>();
		get("/jobs?host=" + node + "&limit=1000").forEach(all::add);
		return all;
	}

	/**
	 * The pid of one of the node's processes ({@code app} or {@code agent}), as the
	 * provisioner's local driver describes it ({@code pid 123 running}).
	 */
	long pid(String node, String process) {
		String state = get("/hosts/" + node).path("state").path(process).asText();
		java.util.regex.Matcher pid = java.util.regex.Pattern.compile("pid (\\d+) running").matcher(state);
		assertThat(pid.find()).as(node + "'s " + process + ": " + state).isTrue();
		return Long.parseLong(pid.group(1));
	}

	/**
	 * Makes the node's app stop answering (its health probe times out) until it restarts.
	 */
	void hang(String node) {
		chaos(node, "/chaos/hang?seconds=0");
	}

	/**
	 * Restarts a host through the provisioner, as an operator would after fixing it, and
	 * waits for the job.
	 */
	void restartHost(String node, long fencingToken, String idempotencyKey) {
		JsonNode job = post("/hosts/" + node + "/restart", fencingToken, idempotencyKey);
		awaitJob(job.path("id").asText(), Duration.ofSeconds(120));
	}

	List<JsonNode> rebootJobs(String node) {
		JsonNode jobs = get("/jobs?host=" + node + "&limit=1000");
		List<JsonNode> reboots = new ArrayList<>();
		jobs.forEach((job) -> {
			if ("REBOOT".equals(job.path("type").asText())) {
				reboots.add(job);
			}
		});
		return reboots;
	}

	private JsonNode awaitJob(String id, Duration atMost) {
		return await("job " + id).atMost(atMost)
			.pollInterval(Duration.ofMillis(250))
			.until(() -> get("/jobs/" + id), (job) -> {
				String status = job.path("status").asText();
				if (status.equals("FAILED") || status.equals("CANCELLED")) {
					throw new IllegalStateException("job " + id + " " + status + ": " + job);
				}
				return status.equals("SUCCEEDED");
			});
	}

	/**
	 * Asks the provisioner for a reboot of {@code host} under {@code fencingToken}, as a
	 * replica holding that token would, and returns the answer's status.
	 */
	int rebootAs(String host, long fencingToken, String idempotencyKey) {
		return Http
			.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + this.provisionerPort + "/hosts/" + host + "/reboot"))
				.header("Authorization", "Bearer " + TOKEN)
				.header("Fencing-Token", String.valueOf(fencingToken))
				.header("Idempotency-Key", idempotencyKey)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"a replica that lost its lease\"}"))
				.build())
			.status();
	}

	private JsonNode get(String path) {
		Http.Response response = Http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.provisionerPort + path))
				.header("Authorization", "Bearer " + TOKEN)
				.build());
		assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(200);
		return json.readTree(response.body());
	}

	private JsonNode post(String path, long fencingToken, String idempotencyKey) {
		Http.Response response = Http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.provisionerPort + path))
				.header("Authorization", "Bearer " + TOKEN)
				.header("Fencing-Token", String.valueOf(fencingToken))
				.header("Idempotency-Key", idempotencyKey)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"e2e set-up\"}"))
				.build());
		assertThat(response.status()).as(path + ": " + response.body()).isEqualTo(202);
		return json.readTree(response.body());
	}

	private static String sha256(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Monkeys first, then the provisioner, which stops every node it started. */
	@Override
	public void close() {
		for (int i = this.processes.size() - 1; i >= 0; i--) {
			this.processes.get(i).close();
		}
		this.gatewayProxies.values().forEach(TcpProxy::close);
	}

}

package io.monkeyfleet.stack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * How each service of the stack is configured: a {@code .properties} file per service in
 * {@code <work>/config/} (so a person can read how the stack is set up), the gateway's
 * seed file, and each service's command line. Everything listens on 127.0.0.1 only.
 */
final class StackConfig {

	static final String POOL = "web";

	static final String STANDBY = "standby-1";

	static final String LAUNCH_TEMPLATE = "web";

	static final String ALERT_RECIPIENT = "ops@localhost";

	static final String DASHBOARD_USER = "admin";

	private final StackSettings settings;

	private final WorkFolder work;

	private final String monkeyToken;

	private final String operatorToken;

	private final String dashboardPassword;

	private final String adminToken;

	private final Path java = Path.of(System.getProperty("java.home"), "bin", "java");

	StackConfig(StackSettings settings, WorkFolder work, SecureRandom random) {
		this.settings = settings;
		this.work = work;
		this.monkeyToken = token(random);
		this.operatorToken = token(random);
		this.dashboardPassword = token(random).substring(0, 16);
		this.adminToken = token(random);
	}

	/** The dashboard's login: user {@link #DASHBOARD_USER}, an operator. */
	String dashboardPassword() {
		return this.dashboardPassword;
	}

	/**
	 * A bearer token for monkey-service's admin API (operator), for scripts and tests.
	 */
	String adminToken() {
		return this.adminToken;
	}

	/** The bearer token monkey-service uses with the provisioner. */
	String monkeyToken() {
		return this.monkeyToken;
	}

	/**
	 * The bearer token a person, the load generator and the tests use with the
	 * provisioner (role operator).
	 */
	String operatorToken() {
		return this.operatorToken;
	}

	Path configFile(String service) {
		return this.work.root().resolve("config").resolve(service + ".properties");
	}

	Path seedFile() {
		return this.work.gateway().resolve("seed.yml");
	}

	String provisionerUrl() {
		return "http://127.0.0.1:" + this.settings.ports().provisioner();
	}

	/**
	 * JVM options every service gets: small, quick to start, nothing outside the work
	 * folder.
	 */
	private List<String> serviceJvm(boolean fullJit) {
		List<String> options = new ArrayList<>(
				List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Djava.io.tmpdir=" + this.work.tmp()));
		if (!fullJit) {
			// C1 only: a third faster to start on two cores, and these services are not
			// CPU-bound.
			options.add("-XX:TieredStopAtLevel=1");
		}
		return options;
	}

	List<String> command(String module, boolean fullJit, List<String> extraArguments) {
		List<String> command = new ArrayList<>();
		command.add(this.java.toString());
		command.addAll(serviceJvm(fullJit));
		command.add("-jar");
		command.add(Jars.of(this.settings.repository(), module).toString());
		command.add("--spring.config.additional-location=file:" + configFile(module.replace("-service", "")));
		command.addAll(extraArguments);
		return command;
	}

	PropertiesFile provisioner() {
		Ports ports = this.settings.ports();
		PropertiesFile file = new PropertiesFile();
		file.comment("provisioner-service of the local stack (written by the launcher at every start)")
			.put("server.port", ports.provisioner())
			.put("server.address", "127.0.0.1")
			.put("spring.data.redis.host", "127.0.0.1")
			.put("spring.data.redis.port", ports.redis())
			.comment("nodes are process groups on this machine; stopping the provisioner stops them")
			.put("monkeyfleet.provisioner.local.state-directory", this.work.nodes())
			.put("monkeyfleet.provisioner.local.stop-on-shutdown", true)
			.put("monkeyfleet.provisioner.local.stale-processes", "kill")
			.comment("an app or agent ends within a second or two of SIGTERM; a frozen one gets SIGKILL after 5 s")
			.put("monkeyfleet.provisioner.local.stop-timeout", "5s")
			.comment("two bearer tokens, kept as SHA-256 hashes: monkey-service's, and the operator's (stack.json)")
			.put("monkeyfleet.provisioner.security.tokens[0].name", "monkey")
			.put("monkeyfleet.provisioner.security.tokens[0].sha256", sha256(this.monkeyToken))
			.put("monkeyfleet.provisioner.security.tokens[0].role", "OPERATOR")
			.put("monkeyfleet.provisioner.security.tokens[1].name", "operator")
			.put("monkeyfleet.provisioner.security.tokens[1].sha256", sha256(this.operatorToken))
			.put("monkeyfleet.provisioner.security.tokens[1].role", "OPERATOR");
		List<String> nodes = this.settings.nodes();
		for (int i = 0; i < nodes.size(); i++) {
			String host = "monkeyfleet.provisioner.inventory.hosts[" + i + "].";
			file.comment(nodes.get(i) + ": a sample-app and its monitor-agent")
				.put(host + "id", nodes.get(i))
				.put(host + "driver", "local")
				.put(host + "address", "127.0.0.1:" + ports.nodes().get(i))
				.put(host + "health-path", "/health")
				.put(host + "local.boot-time", "1s");
			nodeProcesses(file, host + "local.");
		}
		String standby = "monkeyfleet.provisioner.inventory.hosts[" + nodes.size() + "].";
		file.comment(STANDBY + ": an empty host a migration moves a node's service to")
			.put(standby + "id", STANDBY)
			.put(standby + "driver", "local")
			.put(standby + "address", "127.0.0.1:" + ports.nodes().get(nodes.size()))
			.put(standby + "health-path", "/health")
			.put(standby + "local.boot-time", "1s");
		String template = "monkeyfleet.provisioner.inventory.launch-templates[0].";
		file.comment("what a new node is launched from (the gift monkey): the same processes on a free port")
			.put(template + "name", LAUNCH_TEMPLATE)
			.put(template + "driver", "local")
			.put(template + "health-path", "/health")
			.put(template + "local.boot-time", "1s");
		nodeProcesses(file, template + "local.");
		return file;
	}

	private void nodeProcesses(PropertiesFile file, String prefix) {
		Ports ports = this.settings.ports();
		file.put(prefix + "processes[0].name", "app")
			.putList(prefix + "processes[0].command",
					List.of("{java}", "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
							"-Djava.io.tmpdir=" + this.work.tmp(), "-jar",
							Jars.of(this.settings.repository(), "sample-app").toString(), "--node-id={host}",
							"--port={port}", "--chaos=true", "--pid-file={dir}/app.pid"));
		List<String> agent = new ArrayList<>(List.of("bash",
				this.settings.repository().resolve("monitor-agent").resolve("monitor-agent.sh").toString(),
				"--server.port=0", "--server.address=127.0.0.1", "--spring.data.redis.host=127.0.0.1",
				"--spring.data.redis.port=" + ports.redis(), "--monkeyfleet.agent.node-id={host}",
				"--monkeyfleet.agent.pool=" + POOL, "--monkeyfleet.agent.address=127.0.0.1:{port}",
				"--monkeyfleet.agent.cpu.source=PROCESS", "--monkeyfleet.agent.cpu.pid-file={dir}/app.pid",
				"--monkeyfleet.agent.cpu.memory-limit=128MB",
				"--monkeyfleet.agent.health.url=http://127.0.0.1:{port}/health",
				// Each node is a simulated machine: the provisioner's local driver gives
				// it a
				// new boot id at each boot, the proof a reboot job waits for (this
				// machine's own boot id never changes).
				"--monkeyfleet.agent.boot-marker.file={dir}/boot_id"));
		agent.addAll(this.settings.agentArguments());
		file.put(prefix + "processes[1].name", "agent").putList(prefix + "processes[1].command", agent);
		// The agent script runs the JDK on PATH: make it this JDK.
		file.put(prefix + "processes[1].environment.MONITOR_AGENT_JAR",
				Jars.of(this.settings.repository(), "monitor-agent"));
		file.put(prefix + "processes[1].environment.PATH",
				this.java.getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
		// Its temporary files (Netty's native library) in the work folder too, without
		// replacing the script's JVM flags.
		file.put(prefix + "processes[1].environment.JAVA_TOOL_OPTIONS", "-Djava.io.tmpdir=" + this.work.tmp());
	}

	PropertiesFile monkey() {
		Ports ports = this.settings.ports();
		return new PropertiesFile()
			.comment("monkey-service of the local stack (written by the launcher at every start)")
			.put("server.port", ports.monkey())
			.put("server.address", "127.0.0.1")
			.put("spring.data.redis.host", "127.0.0.1")
			.put("spring.data.redis.port", ports.redis())
			.comment("armed: the local stack acts (a fresh install elsewhere starts in dry-run)")
			.put("monkeyfleet.monkey.dry-run", false)
			.put("monkeyfleet.monkey.replica-id", "monkey-1")
			.put("monkeyfleet.monkey.provisioner.url", provisionerUrl())
			.put("monkeyfleet.monkey.provisioner.token", this.monkeyToken)
			.comment("alerts by mail to the stack's SMTP catcher (saved in mail/)")
			.put("spring.mail.host", "127.0.0.1")
			.put("spring.mail.port", ports.smtp())
			.put("monkeyfleet.alerts.mail.enabled", true)
			.put("monkeyfleet.alerts.mail.from", "Monkey Fleet <monkeys@localhost>")
			.put("monkeyfleet.alerts.mail.to[0]", ALERT_RECIPIENT)
			.put("monkeyfleet.alerts.mail.subject-prefix", "[monkeyfleet local]")
			.comment(
					"the admin API and dashboard: one operator for people (password as a bcrypt hash), one token for scripts")
			.put("monkeyfleet.monkey.security.users[0].name", DASHBOARD_USER)
			.put("monkeyfleet.monkey.security.users[0].password",
					"{bcrypt}" + new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder(10)
						.encode(this.dashboardPassword))
			.put("monkeyfleet.monkey.security.users[0].role", "operator")
			.put("monkeyfleet.monkey.security.tokens[0].name", "local-stack")
			.put("monkeyfleet.monkey.security.tokens[0].sha256", sha256(this.adminToken))
			.put("monkeyfleet.monkey.security.tokens[0].role", "operator");
	}

	PropertiesFile gateway() {
		Ports ports = this.settings.ports();
		return new PropertiesFile()
			.comment("gateway-service of the local stack (written by the launcher at every start)")
			.put("server.port", ports.gateway())
			.put("server.address", "127.0.0.1")
			.comment("the local profile lets loopback addresses be nodes")
			.put("spring.profiles.active", "local")
			.put("spring.data.redis.host", "127.0.0.1")
			.put("spring.data.redis.port", ports.redis())
			.put("monkeyfleet.gateway.traffic.gateway-id", "gateway-1")
			.comment(
					"the sample app answers in milliseconds: a node silent for 5 s is hung, and an idempotent request is retried on another")
			.put("spring.cloud.gateway.server.webflux.httpclient.response-timeout", "5s")
			.comment(
					"a frozen node's samples expire 1.5 s after its last one; read them twice a second, so it is out of rotation within 2 s")
			.put("monkeyfleet.gateway.snapshot.sample-refresh-interval", "500ms")
			.put("monkeyfleet.gateway.seed.file", seedFile())
			.put("monkeyfleet.gateway.snapshot.file", this.work.gateway().resolve("snapshot.json"));
	}

	/**
	 * The pool and its routes: {@code GET /} and {@code /work} go to the nodes; the
	 * sample app's chaos endpoints are not routed (they are reached on each node's own
	 * port).
	 */
	String seed() {
		int nodes = this.settings.nodeCount();
		return """
				# Written by the local stack's launcher at every start.
				pools:
				  - name: %s
				    minSize: %d
				    maxSize: %d
				    standbyHosts: [%s]
				routes:
				  - id: web-root
				    pool: %s
				    order: 0
				    predicates:
				      - kind: PATH
				        pattern: /
				  - id: web-work
				    pool: %s
				    order: 1
				    predicates:
				      - kind: PATH
				        pattern: /work
				""".formatted(POOL, Math.min(2, nodes), nodes + 2, STANDBY, POOL, POOL);
	}

	/** What the load generator and scripts need: {@code stack.json}. */
	String stackJson(Map<String, String> urls) {
		StringBuilder json = new StringBuilder("{\n");
		urls.forEach((key, value) -> json.append("  \"").append(key).append("\": \"").append(value).append("\",\n"));
		json.append("  \"dashboard\": {\"url\": \"http://127.0.0.1:")
			.append(this.settings.ports().monkey())
			.append("/\", \"user\": \"")
			.append(DASHBOARD_USER)
			.append("\", \"password\": \"")
			.append(this.dashboardPassword)
			.append("\", \"token\": \"")
			.append(this.adminToken)
			.append("\"},\n");
		json.append("  \"provisioner\": {\"url\": \"")
			.append(provisionerUrl())
			.append("\", \"token\": \"")
			.append(this.operatorToken)
			.append("\"},\n  \"nodes\": [");
		List<String> nodes = this.settings.nodes();
		for (int i = 0; i < nodes.size(); i++) {
			json.append((i > 0) ? ", " : "")
				.append("{\"id\": \"")
				.append(nodes.get(i))
				.append("\", \"url\": \"http://127.0.0.1:")
				.append(this.settings.ports().nodes().get(i))
				.append("\"}");
		}
		return json.append("]\n}\n").toString();
	}

	static String sha256(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String token(SecureRandom random) {
		byte[] bytes = new byte[24];
		random.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}

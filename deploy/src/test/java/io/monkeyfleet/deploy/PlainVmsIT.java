package io.monkeyfleet.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.monkeyfleet.loadgen.LoadRun;
import io.monkeyfleet.loadgen.mix.RequestMix;
import io.monkeyfleet.loadgen.mix.RouteSpec;
import io.monkeyfleet.loadgen.run.Report;
import io.monkeyfleet.testsupport.process.ServiceJars;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Monkey Fleet on plain VMs, rehearsed on hosts that boot systemd and sshd
 * ({@link PlainVms}): installed step by step as docs/deploy.md ("Plain VMs over SSH")
 * tells a user, then, under steady traffic through the gateway:
 * <ol>
 * <li>the units hold on a running system: their {@code systemd-analyze security}
 * exposure, each under its own user, writing only where it must, back after
 * {@code kill -9}, logs in the journal;</li>
 * <li>a host whose SSH key changed is refused before any command runs;</li>
 * <li>a node burning CPU is drained, rebooted with {@code systemctl reboot} over real
 * SSH, boots, its units start, its agent reports a new boot marker, it is
 * re-admitted;</li>
 * <li>an ordered cluster restart with its smoke tests;</li>
 * <li>a memory-starved node's service migrates to the standby host over SSH (copy,
 * {@code apt-get install} from Debian's mirror, start, switch), and the old host is
 * rebooted;</li>
 * <li>a restart plan whose smoke test fails stops at that host;</li>
 * <li>no request failed.</li>
 * </ol>
 * The figures are printed and kept in {@code target/plain-vms-figures.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlainVmsIT {

	private static final String CONTROL = "control";

	private static final List<String> SERVING = List.of("app-1", "app-2");

	private static final String STANDBY = "app-3";

	private static final String R = PlainVms.REPOSITORY;

	private static final String ADMIN_PASSWORD = "plain-vms-admin-" + Long.toHexString(System.nanoTime());

	private static final Duration REPAIR_DEADLINE = Duration.ofMinutes(5);

	private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+) (\\w+)");

	private static final Map<String, String> figures = new LinkedHashMap<>();

	private static PlainVms vms;

	private static FleetApi api;

	private static URI gateway;

	private static LoadRun steady;

	@BeforeAll
	static void bootAndInstallAsTheGuideSays() {
		vms = PlainVms.create();
		Instant start = Instant.now();
		for (String host : List.of(CONTROL, "app-1", "app-2", STANDBY)) {
			vms.boot(host);
		}
		seconds("four hosts booted (systemd running, sshd up)", start, Instant.now());
		Instant installing = Instant.now();
		redisWithTheFleetsUsers();
		installTheControlServices();
		String knownHosts = prepareTheNodesForSsh();
		vms.write(CONTROL, "/etc/monkeyfleet/secrets/provisioner/known_hosts", knownHosts);
		for (String host : SERVING) {
			installNode(host, true);
		}
		installNode(STANDBY, false);
		vms.sh(CONTROL, "systemctl enable --now monkeyfleet-provisioner monkeyfleet-gateway monkeyfleet-monkey");
		String token = vms.sh(CONTROL, "cat /etc/monkeyfleet/secrets/monkey/provisioner-token").trim();
		String control = vms.address(CONTROL);
		api = new FleetApi(URI.create("http://" + control + ":8081/"), ADMIN_PASSWORD,
				URI.create("http://" + control + ":8082/"), token);
		gateway = URI.create("http://" + control + ":8080/");
		await("app-1 and app-2 ACTIVE and answering through the gateway").atMost(Duration.ofMinutes(4))
			.pollInterval(Duration.ofSeconds(1))
			// monkey-service answers nothing until it has started.
			.ignoreExceptions()
			.until(() -> api.activeNodes().containsAll(SERVING) && FleetApi.status(gateway.resolve("/web/")) == 200);
		seconds("installed to serving (every unit started, both nodes ACTIVE)", installing, Instant.now());
		assertThat(api.node(STANDBY)).as("the standby's agent registered its node").isPresent();
		assertThat(api.activeNodes()).as("a standby host's node is never admitted").doesNotContain(STANDBY);
	}

	@AfterAll
	static void tearDown() throws IOException {
		if (steady != null) {
			steady.close();
		}
		if (vms != null) {
			keepJournals();
			vms.close();
			assertThat(PlainVms.leftovers()).as("containers and networks left").isEmpty();
		}
		StringBuilder text = new StringBuilder("PlainVmsIT figures\n");
		figures.forEach((name, value) -> text.append("  ").append(name).append(": ").append(value).append('\n'));
		System.out.print(text);
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target/plain-vms-figures.txt"), text);
	}

	// Installation, as docs/deploy.md's "Plain VMs over SSH" goes

	/** Step 1: Debian's Redis with one user per service and per node. */
	private static void redisWithTheFleetsUsers() {
		vms.sh(CONTROL,
				"""
						umask 077
						install -d -m 0700 /etc/monkeyfleet/redis-passwords
						rules=/etc/redis/monkeyfleet-acl-rules.conf
						grep -v '^agent-' %1$s/deploy/redis/acl-rules.conf > $rules
						for node in app-1 app-2 app-3; do
							grep '^agent-node-1 ' %1$s/deploy/redis/acl-rules.conf | sed "s/node-1/$node/g" >> $rules
						done
						for user in $(grep -v -e '^#' -e '^user ' -e '^$' $rules | cut -d ' ' -f 1); do
							head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' > /etc/monkeyfleet/redis-passwords/redis-$user-password
						done
						sh %1$s/deploy/redis/render-acl.sh $rules /etc/monkeyfleet/redis-passwords /etc/redis/users.acl
						chown redis:redis /etc/redis/users.acl
						printf 'bind 0.0.0.0 -::*\\naclfile /etc/redis/users.acl\\n' > /etc/redis/monkeyfleet.conf
						chmod 0644 /etc/redis/monkeyfleet.conf
						echo 'include /etc/redis/monkeyfleet.conf' >> /etc/redis/redis.conf
						systemctl enable --now redis-server
						"""
					.formatted(R));
	}

	/**
	 * Steps 3 and 4 on the control host: the three services installed by install.sh (the
	 * provisioner with {@code --ssh}), their secrets, the provisioner's key, their
	 * settings.
	 */
	private static void installTheControlServices() {
		StringBuilder script = new StringBuilder("umask 077\n");
		for (String service : List.of("gateway", "monkey", "provisioner")) {
			script.append("sh %s/deploy/systemd/install.sh %s %s%s\n".formatted(R, service, jar(service + "-service"),
					service.equals("provisioner") ? " --ssh" : ""));
			script.append("install -m 0600 /etc/monkeyfleet/redis-passwords/redis-%1$s-password ".formatted(service)
					+ "/etc/monkeyfleet/secrets/%s/redis-password\n".formatted(service));
		}
		script.append(
				"head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9 > /etc/monkeyfleet/secrets/monkey/provisioner-token\n");
		script.append(
				"ssh-keygen -q -t ed25519 -N '' -C provisioner@control -f /etc/monkeyfleet/secrets/provisioner/ssh-key\n");
		vms.sh(CONTROL, script.toString());

		String token = vms.sh(CONTROL, "cat /etc/monkeyfleet/secrets/monkey/provisioner-token").trim();
		String hash = "{bcrypt}" + new BCryptPasswordEncoder(10).encode(ADMIN_PASSWORD);
		vms.write(CONTROL, "/etc/monkeyfleet/gateway.env", """
				SPRING_DATA_REDIS_HOST=127.0.0.1
				SPRING_DATA_REDIS_PORT=6379
				SPRING_DATA_REDIS_USERNAME=gateway
				SERVER_PORT=8080
				MONKEYFLEET_GATEWAY_SEED_FILE=/etc/monkeyfleet/seed.yml
				""");
		vms.write(CONTROL, "/etc/monkeyfleet/provisioner.env", """
				SPRING_DATA_REDIS_HOST=127.0.0.1
				SPRING_DATA_REDIS_PORT=6379
				SPRING_DATA_REDIS_USERNAME=provisioner
				SERVER_PORT=8082
				SPRING_CONFIG_ADDITIONAL_LOCATION=optional:file:/etc/monkeyfleet/provisioner.yml
				MONKEYFLEET_PROVISIONER_SECURITY_TOKENS_0_NAME=monkey
				MONKEYFLEET_PROVISIONER_SECURITY_TOKENS_0_ROLE=OPERATOR
				MONKEYFLEET_PROVISIONER_SECURITY_TOKENS_0_SHA256=%s
				""".formatted(Tools.sha256(token)));
		vms.write(CONTROL, "/etc/monkeyfleet/monkey.env", """
				SPRING_DATA_REDIS_HOST=127.0.0.1
				SPRING_DATA_REDIS_PORT=6379
				SPRING_DATA_REDIS_USERNAME=monkey
				SERVER_PORT=8081
				SPRING_CONFIG_ADDITIONAL_LOCATION=optional:file:/etc/monkeyfleet/monkey.yml
				MONKEYFLEET_MONKEY_PROVISIONER_URL=http://127.0.0.1:8082
				MONKEYFLEET_MONKEY_SECURITY_USERS_0_NAME=admin
				MONKEYFLEET_MONKEY_SECURITY_USERS_0_PASSWORD='%s'
				MONKEYFLEET_MONKEY_SECURITY_USERS_0_ROLE=operator
				MONKEYFLEET_MONKEY_DRY_RUN=false
				""".formatted(hash));
		for (String file : List.of("provisioner.yml", "monkey.yml", "seed.yml")) {
			vms.write(CONTROL, "/etc/monkeyfleet/" + file, DeployFiles.read("src/test/resources/plainvm/" + file));
		}
		// The services run as dynamic users: their settings files must be readable.
		vms.sh(CONTROL,
				"chmod 0644 /etc/monkeyfleet/provisioner.yml /etc/monkeyfleet/monkey.yml /etc/monkeyfleet/seed.yml");
	}

	/**
	 * Step 5: the provisioner's public key onto each node (as one copies a file to a new
	 * machine), prepare-node.sh there; its output, read on the node itself, is the
	 * provisioner's known_hosts.
	 */
	private static String prepareTheNodesForSsh() {
		String publicKey = vms.sh(CONTROL, "cat /etc/monkeyfleet/secrets/provisioner/ssh-key.pub");
		StringBuilder knownHosts = new StringBuilder();
		for (String host : List.of("app-1", "app-2", STANDBY)) {
			vms.write(host, "/root/provisioner.pub", publicKey);
			String lines = vms.sh(host, R + "/deploy/systemd/ssh-host/prepare-node.sh --key /root/provisioner.pub"
					+ " --service sample-app --app-path /opt/sample-app");
			assertThat(lines.lines()).as("known_hosts lines of " + host)
				.isNotEmpty()
				.allMatch((line) -> line.startsWith(host + " "));
			knownHosts.append(lines);
		}
		return knownHosts.toString();
	}

	/**
	 * Step 6 on an app host: the app (the sample app, as its own unit) and the agent
	 * installed by install.sh, its settings and its Redis password. A standby host has
	 * the app's unit but not the app: a migration brings it.
	 */
	private static void installNode(String host, boolean serving) {
		vms.sh(host, """
				if %3$s; then
					install -m 0644 %2$s /opt/sample-app/sample-app.jar
				fi
				install -m 0644 %1$s/deploy/systemd/examples/sample-app.service /etc/systemd/system/sample-app.service
				echo CHAOS=true > /etc/default/sample-app
				systemctl daemon-reload
				if %3$s; then
					systemctl enable --now sample-app
				fi
				sh %1$s/deploy/systemd/install.sh agent %4$s
				""".formatted(R, jar("sample-app"), serving, jar("monitor-agent")));
		vms.write(host, "/etc/monkeyfleet/agent.env", """
				SPRING_DATA_REDIS_HOST=control
				SPRING_DATA_REDIS_PORT=6379
				SPRING_DATA_REDIS_USERNAME=agent-%1$s
				MONKEYFLEET_AGENT_NODE_ID=%1$s
				MONKEYFLEET_AGENT_POOL=web
				MONKEYFLEET_AGENT_ADDRESS=%1$s:8080
				MONKEYFLEET_AGENT_HEALTH_URL=http://127.0.0.1:8080/health
				MONKEYFLEET_AGENT_CPU_SOURCE=PROCESS
				MONKEYFLEET_AGENT_CPU_PID_FILE=/run/sample-app/pid
				MONKEYFLEET_AGENT_CPU_MEMORY_LIMIT=384MB
				MONKEYFLEET_AGENT_BOOT_MARKER_SOURCE=init-start
				SERVER_PORT=8083
				""".formatted(host));
		String password = vms.sh(CONTROL, "cat /etc/monkeyfleet/redis-passwords/redis-agent-" + host + "-password");
		vms.write(host, "/etc/monkeyfleet/secrets/agent/redis-password", password);
		vms.sh(host, "systemctl enable --now monkeyfleet-agent");
	}

	// The tests

	@Test
	@Order(1)
	void theUnitsHoldOnARunningSystem() {
		Map<String, List<String>> units = new LinkedHashMap<>();
		units.put(CONTROL, List.of("monkeyfleet-gateway", "monkeyfleet-monkey", "monkeyfleet-provisioner"));
		units.put("app-1", List.of("monkeyfleet-agent", "sample-app"));
		Map<String, String> users = new LinkedHashMap<>();
		units.forEach((host, names) -> names.forEach((unit) -> {
			String report = vms.sh(host, "systemd-analyze security --no-pager " + unit);
			Matcher exposure = EXPOSURE.matcher(report);
			assertThat(exposure.find()).as("systemd-analyze security " + unit + ":\n" + report).isTrue();
			figures.put("exposure of " + unit, exposure.group(1) + " " + exposure.group(2));
			System.out.println(report);
			if (unit.startsWith("monkeyfleet-")) {
				assertThat(Double.parseDouble(exposure.group(1))).as("exposure of " + unit).isLessThan(3.0);
			}
			String uid = vms.sh(host, "stat -c %u /proc/$(systemctl show -p MainPID --value " + unit + ")").trim();
			assertThat(uid).as(unit + "'s user").isNotEqualTo("0");
			users.put(host + " " + unit, uid);
		}));
		assertThat(Set.copyOf(users.values())).as("every service under a user of its own: " + users)
			.hasSize(users.size());

		// Writes only where it must: not its own jar, not the configuration, its state
		// folder yes.
		units.forEach(
				(host, names) -> names.stream().filter((unit) -> unit.startsWith("monkeyfleet-")).forEach((unit) -> {
					for (String path : List.of("/etc/monkeyfleet/probe", "/opt/monkeyfleet/probe", "/usr/local/probe",
							"/root/probe")) {
						Tools.Result write = vms.trySh(host, asTheService(unit, "touch " + path));
						// Inside the service's view of the system, as its user: the write
						// itself is
						// refused (not the way in).
						assertThat(write.exitCode()).as(unit + " writing " + path + ": " + write.output()).isNotZero();
						assertThat(write.output()).as(unit + " writing " + path)
							.startsWith("touch: cannot touch")
							.containsAnyOf("Read-only file system", "Permission denied");
					}
				}));
		for (String unit : List.of("monkeyfleet-gateway", "monkeyfleet-provisioner")) {
			vms.sh(CONTROL, asTheService(unit, "touch /var/lib/" + unit + "/probe && rm /var/lib/" + unit + "/probe"));
		}

		// Restarted on failure: kill -9 each main process, each comes back.
		Instant killed = Instant.now();
		units.forEach((host, names) -> names.stream()
			.filter((unit) -> unit.startsWith("monkeyfleet-"))
			.forEach((unit) -> vms.sh(host, "kill -9 $(systemctl show -p MainPID --value " + unit + ")")));
		String app1 = vms.address("app-1");
		String control = vms.address(CONTROL);
		await("every killed service back and answering").atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> FleetApi.status(URI.create("http://" + control + ":8080/actuator/health")) == 200
					&& FleetApi.status(URI.create("http://" + control + ":8081/actuator/health")) == 200
					&& FleetApi.status(URI.create("http://" + control + ":8082/actuator/health")) == 200
					&& FleetApi.status(URI.create("http://" + app1 + ":8083/actuator/health")) == 200);
		seconds("kill -9 of gateway, monkey, provisioner and agent to all answering again", killed, Instant.now());
		units.forEach(
				(host, names) -> names.stream().filter((unit) -> unit.startsWith("monkeyfleet-")).forEach((unit) -> {
					assertThat(vms.sh(host, "systemctl show -p NRestarts --value " + unit).trim())
						.as(unit + " restarts")
						.isEqualTo("1");
					// journald holds what the service printed, and why systemd restarted
					// it.
					String journal = vms.sh(host, "journalctl -u " + unit + " -o cat --no-pager");
					assertThat(journal).as(unit + "'s journal").contains("Started ").contains("status=9/KILL");
				}));
		await("app-1 and app-2 ACTIVE again").atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofSeconds(1))
			.ignoreExceptions()
			.until(() -> api.activeNodes().containsAll(SERVING) && FleetApi.status(gateway.resolve("/web/")) == 200);
	}

	@Test
	@Order(2)
	void aHostWhoseKeyChangedIsRefusedBeforeAnyCommandRuns() {
		// What an impostor at app-3's address would present: other host keys.
		vms.sh(STANDBY, "mkdir -p /root/host-keys && mv /etc/ssh/ssh_host_* /root/host-keys/ && ssh-keygen -A"
				+ " && systemctl restart ssh");
		try {
			JsonNode job = api.provisionerPost("/hosts/" + STANDBY + "/restart", newestFencingToken(),
					"plain-vms-impostor-" + System.nanoTime(), "{\"reason\":\"PlainVmsIT: a changed host key\"}");
			JsonNode done = awaitJob(job.path("id").asString(), Duration.ofMinutes(1));
			assertThat(done.path("status").asString()).isEqualTo("FAILED");
			JsonNode restart = FleetApi.step(done, "RESTART_SERVICES");
			assertThat(restart.path("message").asString()).contains("Server key did not validate");
			assertThat(vms.sh(STANDBY, "journalctl -u ssh -o cat --no-pager")).as("sshd's log")
				.doesNotContain("Accepted publickey");
		}
		finally {
			vms.sh(STANDBY, "rm -f /etc/ssh/ssh_host_* && mv /root/host-keys/* /etc/ssh/ && systemctl restart ssh");
		}
	}

	@Test
	@Order(3)
	void aNodeBurningCpuIsDrainedRebootedOverSshAndReadmitted() {
		startSteadyLoad();
		String host = "app-1";
		int bootsBefore = vms.boots(host);
		String initBefore = vms.initStart(host);
		String markerBefore = bootMarker(host);
		// Two cores run the whole fleet here: a node burning two threads shows about 60 %
		// of
		// the machine, never the default threshold's 90 %; the test lowers it for this
		// step
		// as an operator of such a host would.
		api.monkeyPatch("/api/settings", "{\"doctor.defaults.cpu-threshold\": 40}");
		Instant fault = Instant.now();
		URI burn = URI.create("http://" + vms.address(host) + ":8080/chaos/cpu?cores=2&seconds=300");
		assertThat(FleetApi.post(burn)).as("POST " + burn).isBetween(200, 299);
		await(host + " drained, rebooted and back ACTIVE").atMost(REPAIR_DEADLINE)
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> api.reached(host, "RECOVERING", fault)
				.flatMap((recovering) -> api.reached(host, "ACTIVE", recovering))
				.isPresent());
		api.monkeyPatch("/api/settings", "{\"doctor.defaults.cpu-threshold\": null}");
		Instant drained = api.reached(host, "DRAINING", fault).orElseThrow();
		Instant back = api.reached(host, "ACTIVE", drained).orElseThrow();
		assertThat(api.transitions(host, fault)).containsExactly("DRAINING", "REBOOTING", "RECOVERING", "ACTIVE");

		List<JsonNode> reboots = api.jobs(host, "REBOOT", fault);
		assertThat(reboots).singleElement()
			.satisfies((job) -> assertThat(job.path("status").asString()).isEqualTo("SUCCEEDED"));
		JsonNode job = reboots.get(0);
		assertThat(FleetApi.steps(job)).containsExactly("NOTE_BOOT_MARKER", "REBOOT", "AWAIT_REACHABLE",
				"AWAIT_NEW_BOOT", "AWAIT_HEALTH");
		assertThat(FleetApi.step(job, "REBOOT").path("output").asString()).contains("sudo systemctl reboot");
		// The host really went down and came back: the engine started it again, with a
		// new
		// PID 1, and its units started at boot.
		assertThat(vms.boots(host)).isEqualTo(bootsBefore + 1);
		assertThat(vms.initStart(host)).isNotEqualTo(initBefore);
		assertThat(vms.sh(host, "systemctl is-active sample-app monkeyfleet-agent").lines()).containsOnly("active");
		String markerAfter = bootMarker(host);
		assertThat(markerAfter).as("the agent's boot marker").isNotBlank().isNotEqualTo(markerBefore);
		// The provisioner's own evidence: the job ended only after the agent published
		// it.
		assertThat(FleetApi.step(job, "AWAIT_NEW_BOOT").path("output").asString())
			.contains("came back with boot marker " + markerAfter)
			.contains(markerBefore);
		Instant rebootSent = Instant.parse(FleetApi.step(job, "REBOOT").path("endedAt").asString());
		seconds("detection (CPU burn to DRAINING)", fault, drained);
		seconds("reboot sent to re-admitted (boot, units, new boot marker, healthy samples)", rebootSent, back);
		seconds("back in service (CPU burn to ACTIVE again)", fault, back);
		figures.put("reboot job", job.path("id").asString() + " " + FleetApi.steps(job) + " "
				+ job.path("status").asString() + "; boot marker " + markerBefore + " -> " + markerAfter);
		assertThat(steady.results().failed()).as("failed so far: %s", steady.report().failures()).isZero();
	}

	@Test
	@Order(4)
	void anOrderedClusterRestartRunsItsSmokeTests() {
		Map<String, String> pidsBefore = appPids(SERVING);
		Instant start = Instant.now();
		api.monkeyPost("/api/restart-plans/ordered/run", "{\"reason\":\"PlainVmsIT: ordered restart\"}");
		await("app-1 then app-2 restarted, smoke-tested and ACTIVE again").atMost(Duration.ofMinutes(6))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> SERVING.stream()
				.allMatch((host) -> restartJob(host, start).map((job) -> job.path("status").asString())
					.filter("SUCCEEDED"::equals)
					.isPresent()) && api.activeNodes().containsAll(SERVING));
		JsonNode first = restartJob("app-1", start).orElseThrow();
		JsonNode second = restartJob("app-2", start).orElseThrow();
		for (JsonNode job : List.of(first, second)) {
			assertThat(FleetApi.steps(job)).containsSubsequence("STOP", "START", "AWAIT_HEALTH", "SMOKE_TEST");
			assertThat(FleetApi.step(job, "SMOKE_TEST").path("status").asString()).isEqualTo("SUCCEEDED");
		}
		// app-2 depends on app-1: its restart began only after app-1's had ended.
		assertThat(Instant.parse(second.path("createdAt").asString()))
			.isAfterOrEqualTo(Instant.parse(first.path("endedAt").asString()));
		Map<String, String> pidsAfter = appPids(SERVING);
		SERVING.forEach((host) -> assertThat(pidsAfter.get(host)).as(host + "'s app process")
			.isNotEqualTo(pidsBefore.get(host)));
		seconds("ordered restart of app-1 and app-2", start, Instant.now());
		assertThat(steady.results().failed()).as("failed so far: %s", steady.report().failures()).isZero();
	}

	@Test
	@Order(5)
	void aMemoryStarvedNodeMigratesToTheStandbyOverSshAndItsOldHostIsRebooted() {
		String source = "app-1";
		int bootsBefore = vms.boots(source);
		Instant start = Instant.now();
		// The sample app's heap held at 90 % is about half the agent's 384 MB limit here.
		api.monkeyPatch("/api/settings", "{\"migration.enabled\": true, \"migration.memory-threshold\": 40}");
		URI fill = URI.create("http://" + vms.address(source) + ":8080/chaos/memory?percent=90");
		assertThat(FleetApi.post(fill)).as("POST " + fill).isBetween(200, 299);
		await(STANDBY + " ACTIVE, " + source + " rebooted and standing by").atMost(Duration.ofMinutes(8))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> api.activeNodes().contains(STANDBY) && !api.activeNodes().contains(source)
					&& api.jobs(source, "REBOOT", start)
						.stream()
						.anyMatch((job) -> "SUCCEEDED".equals(job.path("status").asString())));
		api.monkeyPatch("/api/settings", "{\"migration.enabled\": false, \"migration.memory-threshold\": null}");
		JsonNode migrate = api.jobs(STANDBY, "MIGRATE", start).get(0);
		assertThat(migrate.path("status").asString()).isEqualTo("SUCCEEDED");
		assertThat(FleetApi.steps(migrate)).containsSubsequence("COPY", "INSTALL", "START", "AWAIT_HEALTH");
		assertThat(FleetApi.step(migrate, "INSTALL").path("output").asString())
			.contains("sudo monkeyfleet-apt-install 'jq'");
		// Copied, installed from Debian's mirror, started (and enabled, so it survives a
		// reboot).
		vms.sh(STANDBY, "test -s /opt/sample-app/sample-app.jar && dpkg-query -W jq"
				+ " && systemctl is-active sample-app && systemctl is-enabled sample-app");
		Instant since = start;
		await(STANDBY + " serving through the gateway").atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> steady.report().firstAnswer(STANDBY, since), Optional::isPresent);
		// The old host was rebooted after the switch, and stands by now.
		assertThat(vms.boots(source)).isEqualTo(bootsBefore + 1);
		assertThat(api.monkeyGet("/api/pools/web").path("standbyHosts").toString()).contains(source)
			.doesNotContain(STANDBY);
		JsonNode reboot = api.jobs(source, "REBOOT", start).get(0);
		assertThat(FleetApi.step(reboot, "AWAIT_NEW_BOOT").path("status").asString()).isEqualTo("SUCCEEDED");
		Instant switched = api.reached(STANDBY, "ACTIVE", start).orElseThrow();
		seconds("memory fill to the standby ACTIVE (copy, apt-get install, start, healthy samples, switch)", start,
				switched);
		seconds("memory fill to the old host rebooted", start, Instant.parse(reboot.path("endedAt").asString()));
		figures.put("migrate job", migrate.path("id").asString() + " " + FleetApi.steps(migrate));
		assertThat(steady.results().failed()).as("failed so far: %s", steady.report().failures()).isZero();
	}

	@Test
	@Order(6)
	void aRestartPlanWhoseSmokeTestFailsStopsThere() {
		Map<String, String> pidsBefore = appPids(List.of("app-2", STANDBY));
		Instant start = Instant.now();
		api.monkeyPost("/api/restart-plans/broken/run", "{\"reason\":\"PlainVmsIT: a smoke test that fails\"}");
		await("the plan stopped at app-2").atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> api.events("WORKFLOW_STEP", null, start)
				.stream()
				.anyMatch((event) -> event.toString().contains("restart stopped")));
		JsonNode job = restartJob("app-2", start).orElseThrow();
		assertThat(job.path("status").asString()).isEqualTo("FAILED");
		assertThat(FleetApi.step(job, "SMOKE_TEST").path("status").asString()).isEqualTo("FAILED");
		assertThat(FleetApi.step(job, "SMOKE_TEST").path("message").asString()).contains("404");
		// app-3 was never touched: no job, the same app process.
		assertThat(restartJob(STANDBY, start)).isEmpty();
		assertThat(appPids(List.of(STANDBY))).isEqualTo(Map.of(STANDBY, pidsBefore.get(STANDBY)));
		assertThat(api.node("app-2").orElseThrow().path("state").asString()).isEqualTo("QUARANTINED");
		assertThat(steady.results().failed()).as("failed so far: %s", steady.report().failures()).isZero();
	}

	@Test
	@Order(7)
	void noRequestFailed() throws InterruptedException {
		startSteadyLoad();
		steady.stop();
		Report report = steady.await();
		figures.put("steady load", report.requests() + " requests, " + report.failed() + " failed, answered by "
				+ report.answeredBy() + ", p99 " + report.latencyMs().p99() + " ms");
		assertThat(report.failed()).as("failed requests: %s", report.failures()).isZero();
		assertThat(report.answeredBy().keySet()).contains("app-1", "app-2", STANDBY);
	}

	// Helpers

	private static void startSteadyLoad() {
		if (steady != null) {
			return;
		}
		steady = LoadRun.start(LoadRun.options(gateway)
			.rate(20)
			.duration(Duration.ofMinutes(40))
			.seed(20261208)
			.mix(new RequestMix(List.of(RouteSpec.get("/web/", 3),
					new RouteSpec("GET", "/web/work", Map.of("ms", List.of("0", "2", "5")), Map.of(), List.of(), null,
							1)),
					0.0))
			// Longer than the gateway's own response timeout: a failure is the gateway's.
			.timeout(Duration.ofSeconds(40)));
	}

	/**
	 * A shell command run as a service's user inside its own mount namespace: what the
	 * service itself may do there.
	 */
	private static String asTheService(String unit, String command) {
		return "pid=$(systemctl show -p MainPID --value " + unit + "); uid=$(stat -c %u /proc/$pid); "
				+ "nsenter -t $pid -m -S $uid -G $uid sh -c '" + command + "'";
	}

	/** The boot marker in the node's latest sample, as the admin API shows it. */
	private static String bootMarker(String node) {
		return await(node + "'s latest sample").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.until(() -> api.node(node).orElseThrow().path("sample").path("bootMarker").asString(),
					(marker) -> marker != null && !marker.isBlank());
	}

	/** The cluster-restart job the restart monkey sent for a host since a moment. */
	private static Optional<JsonNode> restartJob(String host, Instant since) {
		return api.jobs(host, "CLUSTER_RESTART", since).stream().findFirst();
	}

	/** Each host's sample-app main process id. */
	private static Map<String, String> appPids(List<String> hosts) {
		Map<String, String> pids = new LinkedHashMap<>();
		hosts.forEach((host) -> pids.put(host, vms.sh(host, "systemctl show -p MainPID --value sample-app").trim()));
		return pids;
	}

	private static JsonNode awaitJob(String id, Duration atMost) {
		return await("job " + id + " ended").atMost(atMost)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> api.provisionerGet("/jobs/" + id),
					(job) -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.path("status").asString()));
	}

	/**
	 * The newest fencing token the provisioner has seen: a request with it is not stale,
	 * and a higher one would lock monkey-service out.
	 */
	private static long newestFencingToken() {
		String value = vms
			.sh(CONTROL, "redis-cli --no-auth-warning --user admin --pass "
					+ "\"$(cat /etc/monkeyfleet/redis-passwords/redis-admin-password)\" GET mf:prov:fencing-token")
			.trim();
		return value.isEmpty() ? 0 : Long.parseLong(value);
	}

	/** A jar as a host sees it, under the mounted repository. */
	private static String jar(String module) {
		return R + "/" + DeployFiles.repository().relativize(ServiceJars.of(module));
	}

	private static void seconds(String name, Instant from, Instant to) {
		figures.put(name, String.format(Locale.ROOT, "%.1f s", Duration.between(from, to).toMillis() / 1000.0));
	}

	/** Every host's journal in target/plain-vms-logs, to read when a test failed. */
	private static void keepJournals() {
		try {
			Path logs = Files.createDirectories(Path.of("target/plain-vms-logs"));
			for (String host : List.of(CONTROL, "app-1", "app-2", STANDBY)) {
				Files.writeString(logs.resolve(host + ".journal"), vms.journal(host));
			}
		}
		catch (IOException | RuntimeException | AssertionError ex) {
			// only diagnostics are lost
		}
	}

}

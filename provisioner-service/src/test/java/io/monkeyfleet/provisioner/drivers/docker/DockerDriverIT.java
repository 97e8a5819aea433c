package io.monkeyfleet.provisioner.drivers.docker;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Network;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.provisioner.boot.BootMarkerCheck;
import io.monkeyfleet.provisioner.boot.BootProperties;
import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.Drivers;
import io.monkeyfleet.provisioner.drivers.Operation;
import io.monkeyfleet.provisioner.drivers.RecordingStepContext;
import io.monkeyfleet.provisioner.drivers.StepFailedException;
import io.monkeyfleet.provisioner.health.HealthCheckProperties;
import io.monkeyfleet.provisioner.health.HttpProbe;
import io.monkeyfleet.provisioner.inventory.DockerLaunchSettings;
import io.monkeyfleet.provisioner.inventory.DockerSettings;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.Inventory;
import io.monkeyfleet.provisioner.inventory.InventoryProperties;
import io.monkeyfleet.provisioner.inventory.LaunchTemplate;
import io.monkeyfleet.provisioner.jobs.Step;
import io.monkeyfleet.provisioner.jobs.StepRunner;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.FleetStoreSettings;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.testsupport.docker.DockerEngine;
import io.monkeyfleet.testsupport.http.Http;
import io.monkeyfleet.testsupport.process.ServiceJars;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The docker driver on a real Docker engine, with real sample-app and monitor-agent
 * containers (images built here from the module jars on {@code JRE_IMAGE}) on a
 * user-defined network, and a real Redis with an ACL file that the launched agents reach
 * through the network's gateway. Nothing is mocked.
 */
class DockerDriverIT {

	private static final String ADMIN_PASSWORD = hex(16);

	private static final String ENROLLER_PASSWORD = hex(16);

	private static final Path ACL_DIRECTORY = aclDirectory();

	/**
	 * Redis listens on every interface so containers reach it through their network's
	 * gateway; the default user has a password (which also keeps protected mode from
	 * refusing them), and {@code enroller} may only manage ACL users, as in production.
	 */
	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension(
			List.of("--aclfile", ACL_DIRECTORY.resolve("users.acl").toString(), "--bind", "0.0.0.0"));

	private static final KeySchema keys = new KeySchema("mf:");

	/** A fleet of this run only: leftovers of other runs are never this driver's. */
	private static final String FLEET = "it-" + hex(4);

	private static final String RUN = hex(4);

	private static DockerClients clients;

	private static DockerClient docker;

	private static String appImage;

	private static String agentImage;

	private static String network;

	private static String gateway;

	private static String subnetPrefix;

	private static LettuceConnectionFactory adminFactory;

	private static StringRedisTemplate admin;

	private static RedisClient adminClient;

	private static StatefulRedisConnection<String, String> adminCommands;

	private RedisAgentCredentials credentials;

	private DockerDriver driver;

	private LaunchTemplate template;

	private Inventory inventory;

	private StepRunner steps;

	@BeforeAll
	static void imagesAndNetwork() throws IOException {
		DockerEngine.require();
		clients = new DockerClients(properties());
		docker = clients.get();
		String jre = DockerEngine.image("JRE_IMAGE", "eclipse-temurin:17-jre");
		appImage = buildImage("sample-app", jre);
		agentImage = buildImage("monitor-agent", jre);
		network = "mf-it-" + RUN;
		// A fixed address needs a subnet the network was created with: take the one the
		// engine picks (so it is free), and make the network again with it spelled out.
		docker.createNetworkCmd().withName(network).withDriver("bridge").exec();
		Network.Ipam.Config ipam = docker.inspectNetworkCmd()
			.withNetworkId(network)
			.exec()
			.getIpam()
			.getConfig()
			.get(0);
		docker.removeNetworkCmd(network).exec();
		docker.createNetworkCmd()
			.withName(network)
			.withDriver("bridge")
			.withIpam(new Network.Ipam()
				.withConfig(new Network.Ipam.Config().withSubnet(ipam.getSubnet()).withGateway(ipam.getGateway())))
			.exec();
		gateway = ipam.getGateway();
		subnetPrefix = gateway.substring(0, gateway.lastIndexOf('.') + 1);
		adminFactory = new LettuceConnectionFactory(adminConfiguration());
		adminFactory.afterPropertiesSet();
		adminFactory.start();
		admin = new StringRedisTemplate(adminFactory);
		adminClient = RedisClient.create(RedisURI.builder()
			.withHost("127.0.0.1")
			.withPort(redis.port())
			.withAuthentication("default", ADMIN_PASSWORD.toCharArray())
			.build());
		adminCommands = adminClient.connect();
	}

	@AfterAll
	static void removeEverything() throws IOException {
		deleteTree(ACL_DIRECTORY);
		if (docker == null) {
			return;
		}
		removeFleetContainers(FLEET);
		removeFleetContainers("other-" + RUN);
		docker.listContainersCmd()
			.withShowAll(true)
			.withLabelFilter(Map.of("io.monkeyfleet.it-run", RUN))
			.exec()
			.forEach((container) -> docker.removeContainerCmd(container.getId()).withForce(true).exec());
		docker.removeNetworkCmd(network).exec();
		for (String image : List.of(appImage, agentImage)) {
			if (image != null) {
				docker.removeImageCmd(image).withForce(true).exec();
			}
		}
		clients.close();
		adminCommands.close();
		adminClient.shutdown();
		adminFactory.destroy();
	}

	@BeforeEach
	void setUp() {
		this.credentials = new RedisAgentCredentials(new DockerDriverProperties.Credentials("127.0.0.1", redis.port(),
				"enroller", ENROLLER_PASSWORD, Duration.ofSeconds(5)), keys, new SecureRandom());
		Map<String, String> agentEnvironment = new LinkedHashMap<>();
		agentEnvironment.put("SPRING_DATA_REDIS_HOST", gateway);
		agentEnvironment.put("SPRING_DATA_REDIS_PORT", String.valueOf(redis.port()));
		agentEnvironment.put("MONKEYFLEET_AGENT_POOL", "web");
		agentEnvironment.put("MONKEYFLEET_AGENT_CPU_MEMORY_LIMIT", "256MB");
		agentEnvironment.put("JAVA_TOOL_OPTIONS", "-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss256k");
		this.template = new LaunchTemplate("web", DriverKind.DOCKER, 9000, "/health", List.of(), null, null, null,
				new DockerLaunchSettings(appImage, agentImage, network,
						Map.of("PORT", "9000", "BIND_ADDRESS", "0.0.0.0", "JAVA_TOOL_OPTIONS",
								"-Xmx48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"),
						agentEnvironment, Map.of("org.example.team", "payments"), DataSize.ofMegabytes(256), 1.0,
						DataSize.ofMegabytes(256), 1.0, Duration.ofSeconds(5), true));
		this.inventory = new Inventory(new InventoryProperties(List.of(), List.of(this.template)), admin, keys,
				new FleetCodec());
		this.driver = new DockerDriver(properties(), clients, this.credentials, this.inventory::template);
		this.steps = new StepRunner(this.inventory, new Drivers(List.of(this.driver)),
				new HttpProbe(Duration.ofSeconds(2)),
				new HealthCheckProperties(Duration.ofSeconds(90), Duration.ofMillis(200), Duration.ofSeconds(2)),
				new BootMarkerCheck(
						new FleetStore(admin, keys, new FleetCodec(), Clock.systemUTC(),
								FleetStoreSettings.DEFAULTS)::sample,
						new BootProperties(Duration.ofSeconds(120), Duration.ofMillis(200))));
	}

	@AfterEach
	void closeCredentials() {
		this.credentials.close();
	}

	@Test
	void rebootStopsAgentThenAppStartsAppThenAgentAndTheNodeAnswersHealthAgain() throws InterruptedException {
		HostDefinition host = composeStyleNode("node-r" + RUN, subnetPrefix + "200");
		InspectContainerResponse appBefore = container(host.id(), "app");
		InspectContainerResponse agentBefore = container(host.id(), "agent");
		assertThat(this.driver.knownProblem(host)).isEmpty();
		// The agent publishes the start time of its process 1, the app container's init.
		String markerBefore = awaitBootMarker(host.id(), (marker) -> true);

		RecordingStepContext context = run(Operation.REBOOT, host);

		InspectContainerResponse appAfter = container(host.id(), "app");
		InspectContainerResponse agentAfter = container(host.id(), "agent");
		assertThat(appAfter.getId()).isEqualTo(appBefore.getId());
		assertThat(appAfter.getState().getStartedAt()).isNotEqualTo(appBefore.getState().getStartedAt());
		assertThat(appAfter.getState().getFinishedAt()).isNotEqualTo(appBefore.getState().getFinishedAt());
		assertThat(agentAfter.getState().getStartedAt()).isNotEqualTo(agentBefore.getState().getStartedAt());
		assertThat(agentAfter.getState().getRunning()).isTrue();
		String markerAfter = awaitBootMarker(host.id(), (marker) -> !marker.equals(markerBefore));
		assertThat(context.output()).containsSubsequence("node " + host.id() + " publishes boot marker " + markerBefore,
				"stopped agent container", "stopped app container", "started app container", "started agent container",
				host.id() + " came back with boot marker " + markerAfter + " (before the reboot: " + markerBefore,
				host.id() + " is healthy");
		assertThat(Http.get("http://" + host.address() + "/health").status()).isEqualTo(200);
		assertThat(this.driver.plan(Operation.REBOOT, host)).containsExactly(Action.NOTE_BOOT_MARKER, Action.STOP,
				Action.START, Action.AWAIT_NEW_BOOT, Action.AWAIT_HEALTH);
	}

	@Test
	void restartRestartsTheAppAndBringsItsAgentBack() {
		HostDefinition host = composeStyleNode("node-s" + RUN, subnetPrefix + "201");
		InspectContainerResponse appBefore = container(host.id(), "app");

		RecordingStepContext context = run(Operation.RESTART, host);

		InspectContainerResponse appAfter = container(host.id(), "app");
		assertThat(appAfter.getState().getStartedAt()).isNotEqualTo(appBefore.getState().getStartedAt());
		assertThat(container(host.id(), "agent").getState().getRunning()).isTrue();
		assertThat(context.output()).containsSubsequence("stopped agent container", "restarted app container",
				"started agent container", host.id() + " is healthy");
	}

	@Test
	void anExitedAppIsAKnownProblemAndDescribeShowsBothContainers() {
		HostDefinition host = composeStyleNode("node-x" + RUN, subnetPrefix + "202");
		assertThat(this.driver.describe(host)).containsKeys("app", "agent");
		assertThat(this.driver.describe(host).get("app")).contains("running");

		docker.stopContainerCmd(container(host.id(), "app").getId()).withTimeout(5).exec();

		assertThat(this.driver.knownProblem(host)).hasValueSatisfying(
				(problem) -> assertThat(problem).contains("app container " + host.id()).contains("exited with code"));
	}

	@Test
	void launchCreatesTheLabelledPairWhoseAgentHasItsOwnRedisUserAndRegistersTheNode() throws Exception {
		String hostId = "web-l" + RUN;
		RecordingStepContext context = launch(hostId);

		HostDefinition launched = this.inventory.host(hostId);
		assertThat(launched.driver()).isEqualTo(DriverKind.DOCKER);
		assertThat(launched.address()).isEqualTo(hostId + ":9000");
		assertThat(launched.launchedFrom()).isEqualTo("web");
		assertThat(launched.docker().stopTimeout()).isEqualTo(Duration.ofSeconds(5));

		InspectContainerResponse app = container(hostId, "app");
		InspectContainerResponse agent = container(hostId, "agent");
		assertThat(app.getName()).isEqualTo("/" + hostId);
		assertThat(agent.getName()).isEqualTo("/" + hostId + "-agent");
		assertThat(app.getConfig().getLabels()).containsEntry("io.monkeyfleet.fleet", FLEET)
			.containsEntry("io.monkeyfleet.host", hostId)
			.containsEntry("io.monkeyfleet.role", "app")
			.containsEntry("io.monkeyfleet.template", "web")
			.containsEntry("org.example.team", "payments");
		assertThat(agent.getConfig().getLabels()).containsEntry("io.monkeyfleet.fleet", FLEET)
			.containsEntry("io.monkeyfleet.host", hostId)
			.containsEntry("io.monkeyfleet.role", "agent");
		assertThat(app.getNetworkSettings().getNetworks()).containsOnlyKeys(network);
		assertThat(agent.getNetworkSettings().getNetworks()).containsOnlyKeys(network);
		assertThat(agent.getHostConfig().getPidMode()).isEqualTo("container:" + app.getId());
		assertThat(app.getHostConfig().getReadonlyRootfs()).isTrue();
		assertThat(app.getHostConfig().getMemory()).isEqualTo(DataSize.ofMegabytes(256).toBytes());
		assertThat(app.getConfig().getEnv()).contains("NODE_ID=" + hostId, "PORT=9000");
		Map<String, String> agentEnvironment = environment(agent);
		assertThat(agentEnvironment).containsEntry("MONKEYFLEET_AGENT_NODE_ID", hostId)
			.containsEntry("MONKEYFLEET_AGENT_ADDRESS", hostId + ":9000")
			.containsEntry("MONKEYFLEET_AGENT_HEALTH_URL", "http://" + hostId + ":9000/health")
			.containsEntry("MONKEYFLEET_AGENT_POOL", "web")
			.containsEntry("MONKEYFLEET_AGENT_CPU_SOURCE", "PROCESS")
			.containsEntry("MONKEYFLEET_AGENT_CPU_PID", "1")
			.containsEntry("MONKEYFLEET_AGENT_BOOT_MARKER_SOURCE", "init-start")
			.containsEntry("SPRING_DATA_REDIS_USERNAME", "agent-" + hostId);
		String password = agentEnvironment.get("SPRING_DATA_REDIS_PASSWORD");
		assertThat(password).hasSizeGreaterThanOrEqualTo(32).doesNotContain(" ");
		assertThat(context.output()).contains("created app container " + hostId)
			.contains("created agent container " + hostId + "-agent")
			.doesNotContain(password);

		// The app answers on the network; the test reaches it at its address there.
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.untilAsserted(
					() -> assertThat(Http.get("http://" + ip(hostId, "app") + ":9000/health").status()).isEqualTo(200));

		// Exactly the agent rules: Redis's own rendering of them equals that of a user
		// made with KeySchema.agentAclRules.
		String reference = "SETUSER reference-" + hostId + " reset on >x " + keys.agentAclRules(hostId);
		admin.execute((RedisCallback<Object>) (connection) -> connection.execute("ACL", bytes(reference.split(" "))));
		assertThat(aclRules("agent-" + hostId)).isEqualTo(aclRules("reference-" + hostId));
		assertThat(Files.readString(ACL_DIRECTORY.resolve("users.acl"))).contains("user agent-" + hostId + " ");

		// The agent in its container reaches Redis as its own user and registers its
		// node.
		try {
			await().atMost(Duration.ofSeconds(90))
				.untilAsserted(() -> assertThat(admin.opsForSet().members(keys.nodeIndex())).contains(hostId));
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("the agent did not register " + hostId + "; its last output:\n"
					+ logs(container(hostId, "agent").getId()), ex);
		}
		assertThat(admin.opsForValue().get(keys.node(hostId))).contains(hostId);

		// And with its password it writes its own node's keys, never another node's.
		try (RedisClient client = RedisClient.create(RedisURI.builder()
			.withHost("127.0.0.1")
			.withPort(redis.port())
			.withAuthentication("agent-" + hostId, password.toCharArray())
			.build()); StatefulRedisConnection<String, String> asAgent = client.connect()) {
			assertThat(asAgent.sync().set(keys.nodeSample(hostId), "{}")).isEqualTo("OK");
			assertThatException().isThrownBy(() -> asAgent.sync().set(keys.nodeSample("web-other"), "{}"))
				.withMessageContaining("NOPERM");
			assertThatException().isThrownBy(() -> asAgent.sync().set(keys.nodeState(hostId), "{}"))
				.withMessageContaining("NOPERM");
		}
	}

	@Test
	void launchingAgainUnderTheSameHostIdMakesNoSecondPair() {
		String hostId = "web-t" + RUN;
		launch(hostId);
		String app = container(hostId, "app").getId();
		String agent = container(hostId, "agent").getId();

		RecordingStepContext again = launch(hostId);

		assertThat(containersOf(hostId)).extracting(Container::getId).containsExactlyInAnyOrder(app, agent);
		assertThat(again.output()).contains("exists already").doesNotContain("created");
	}

	@Test
	void terminateRemovesBothContainersAndTheAgentsRedisUser() throws Exception {
		String hostId = "web-z" + RUN;
		launch(hostId);
		assertThat(aclRules("agent-" + hostId)).isNotEmpty();

		RecordingStepContext context = new RecordingStepContext();
		this.steps.run(Step.pending(2, "terminate", Action.TERMINATE, hostId, Map.of(), false), context);

		assertThat(containersOf(hostId)).isEmpty();
		assertThat(aclRules("agent-" + hostId)).isEmpty();
		assertThat(Files.readString(ACL_DIRECTORY.resolve("users.acl"))).doesNotContain("agent-" + hostId);
		assertThat(this.inventory.find(hostId)).isEmpty();
		assertThat(context.output()).contains("removed agent container", "removed app container",
				"deleted Redis user agent-" + hostId);
	}

	@Test
	void deployRecreatesTheNodeFromItsTemplateWithFreshContainersAndANewAgentPassword() {
		String hostId = "web-d" + RUN;
		launch(hostId);
		InspectContainerResponse appBefore = container(hostId, "app");
		String passwordBefore = environment(container(hostId, "agent")).get("SPRING_DATA_REDIS_PASSWORD");
		HostDefinition host = this.inventory.host(hostId);
		assertThat(this.driver.plan(Operation.DEPLOY, host)).containsExactly(Action.DEPLOY, Action.AWAIT_HEALTH);

		RecordingStepContext context = new RecordingStepContext();
		this.steps.run(Step.pending(0, "deploy", Action.DEPLOY, hostId, Map.of(), false), context);

		InspectContainerResponse appAfter = container(hostId, "app");
		InspectContainerResponse agentAfter = container(hostId, "agent");
		assertThat(appAfter.getId()).isNotEqualTo(appBefore.getId());
		assertThat(agentAfter.getHostConfig().getPidMode()).isEqualTo("container:" + appAfter.getId());
		assertThat(environment(agentAfter).get("SPRING_DATA_REDIS_PASSWORD")).isNotEqualTo(passwordBefore);
		assertThat(context.fact(DockerDriver.DEPLOY_REMOVED)).contains("true");
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.untilAsserted(
					() -> assertThat(Http.get("http://" + ip(hostId, "app") + ":9000/health").status()).isEqualTo(200));
	}

	@Test
	void neverTouchesAContainerWithoutThisFleetsLabelWhateverItsNameOrHostLabel() {
		String hostId = "web-g" + RUN;
		// The same name and host label as the node, but no fleet label; and one of
		// another
		// fleet with every other label right.
		String unlabelled = bystander(hostId, Map.of("io.monkeyfleet.host", hostId, "io.monkeyfleet.role", "app"));
		String otherFleet = bystander(hostId + "-other", Map.of("io.monkeyfleet.fleet", "other-" + RUN,
				"io.monkeyfleet.host", hostId, "io.monkeyfleet.role", "app"));
		HostDefinition host = new HostDefinition(hostId, DriverKind.DOCKER, hostId + ":9000", "/health", List.of(),
				null, null, null, "web", new DockerSettings(Duration.ofSeconds(1)));

		assertThatExceptionOfType(StepFailedException.class)
			.isThrownBy(() -> this.driver.execute(Action.STOP, host, null, new RecordingStepContext()))
			.withMessageContaining("host " + hostId + " has no app container")
			.withMessageContaining("io.monkeyfleet.fleet=" + FLEET);
		assertThatExceptionOfType(StepFailedException.class)
			.isThrownBy(() -> this.driver.execute(Action.RESTART_SERVICES, host, null, new RecordingStepContext()));
		RecordingStepContext terminate = new RecordingStepContext();
		this.driver.execute(Action.TERMINATE, host, null, terminate);
		assertThat(terminate.output()).contains("host " + hostId + " has no containers");
		assertThatExceptionOfType(StepFailedException.class)
			.isThrownBy(() -> this.driver.launch(this.template, hostId, new RecordingStepContext()))
			.withMessageContaining("a container named " + hostId + " exists but is not labelled")
			.withMessageContaining("will not touch it");
		assertThat(this.driver.knownProblem(host))
			.hasValueSatisfying((problem) -> assertThat(problem).contains("has no app container"));

		for (String id : List.of(unlabelled, otherFleet)) {
			InspectContainerResponse bystander = docker.inspectContainerCmd(id).exec();
			assertThat(bystander.getState().getRunning()).isTrue();
			assertThat(bystander.getState().getStartedAt()).isNotNull();
			assertThat(bystander.getRestartCount()).isZero();
		}
		assertThat(containersOf(hostId)).isEmpty();
	}

	// A node as docker compose would make it: containers made by someone else, with the
	// labels, the app at a fixed address on the network so the test can reach it across
	// restarts, and its agent in the app's pid namespace.

	private HostDefinition composeStyleNode(String hostId, String ip) {
		String app = docker.createContainerCmd(appImage)
			.withName(hostId)
			.withEnv("NODE_ID=" + hostId, "PORT=9000", "BIND_ADDRESS=0.0.0.0",
					"JAVA_TOOL_OPTIONS=-Xmx48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
			.withLabels(
					Map.of("io.monkeyfleet.fleet", FLEET, "io.monkeyfleet.host", hostId, "io.monkeyfleet.role", "app"))
			.withHostConfig(HostConfig.newHostConfig().withNetworkMode(network).withInit(true))
			.withIpv4Address(ip)
			.exec()
			.getId();
		docker.startContainerCmd(app).exec();
		String password = this.credentials.create(hostId);
		String agent = docker.createContainerCmd(agentImage)
			.withName(hostId + "-agent")
			.withEnv("SPRING_DATA_REDIS_HOST=" + gateway, "SPRING_DATA_REDIS_PORT=" + redis.port(),
					"SPRING_DATA_REDIS_USERNAME=agent-" + hostId, "SPRING_DATA_REDIS_PASSWORD=" + password,
					"MONKEYFLEET_AGENT_NODE_ID=" + hostId, "MONKEYFLEET_AGENT_POOL=web",
					"MONKEYFLEET_AGENT_ADDRESS=" + hostId + ":9000", "MONKEYFLEET_AGENT_CPU_SOURCE=PROCESS",
					"MONKEYFLEET_AGENT_CPU_PID=1", "MONKEYFLEET_AGENT_HEALTH_URL=http://" + hostId + ":9000/health",
					"MONKEYFLEET_AGENT_CPU_MEMORY_LIMIT=256MB", "MONKEYFLEET_AGENT_BOOT_MARKER_SOURCE=init-start",
					"JAVA_TOOL_OPTIONS=-Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1")
			.withLabels(Map.of("io.monkeyfleet.fleet", FLEET, "io.monkeyfleet.host", hostId, "io.monkeyfleet.role",
					"agent"))
			.withHostConfig(HostConfig.newHostConfig().withNetworkMode(network).withPidMode("container:" + app))
			.exec()
			.getId();
		docker.startContainerCmd(agent).exec();
		HostDefinition host = new HostDefinition(hostId, DriverKind.DOCKER, ip + ":9000", "/health", List.of(), null,
				null, null, null, new DockerSettings(Duration.ofSeconds(5)));
		this.inventory.save(host);
		await().atMost(Duration.ofSeconds(60))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(Http.get("http://" + host.address() + "/health").status()).isEqualTo(200));
		return host;
	}

	/** The boot marker the node's agent publishes, once it satisfies {@code wanted}. */
	private static String awaitBootMarker(String nodeId, java.util.function.Predicate<String> wanted)
			throws InterruptedException {
		FleetStore store = new FleetStore(admin, keys, new FleetCodec(), Clock.systemUTC(),
				FleetStoreSettings.DEFAULTS);
		try {
			return await("a boot marker of " + nodeId).atMost(Duration.ofSeconds(90))
				.until(() -> store.sample(nodeId).map(MetricsSample::bootMarker).filter(wanted), Optional::isPresent)
				.orElseThrow();
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("the agent of " + nodeId + " published no such boot marker; its last output:\n"
					+ logs(container(nodeId, "agent").getId()), ex);
		}
	}

	private static String bystander(String name, Map<String, String> labels) {
		Map<String, String> all = new LinkedHashMap<>(labels);
		all.put("io.monkeyfleet.it-run", RUN);
		String id = docker.createContainerCmd(appImage)
			.withName(name)
			.withEntrypoint("sleep", "600")
			.withLabels(all)
			.withHostConfig(HostConfig.newHostConfig().withNetworkMode(network))
			.exec()
			.getId();
		docker.startContainerCmd(id).exec();
		return id;
	}

	private RecordingStepContext launch(String hostId) {
		RecordingStepContext context = new RecordingStepContext();
		this.steps.run(Step.pending(0, "launch", Action.LAUNCH, hostId, Map.of(StepRunner.TEMPLATE, "web"), false),
				context);
		return context;
	}

	private RecordingStepContext run(Operation operation, HostDefinition host) {
		RecordingStepContext context = new RecordingStepContext();
		int index = 0;
		for (Action action : this.driver.plan(operation, host)) {
			this.steps.run(Step.pending(index++, action.name(), action, host.id(), Map.of(), false), context);
		}
		return context;
	}

	private static InspectContainerResponse container(String hostId, String role) {
		List<Container> found = docker.listContainersCmd()
			.withShowAll(true)
			.withLabelFilter(
					Map.of("io.monkeyfleet.fleet", FLEET, "io.monkeyfleet.host", hostId, "io.monkeyfleet.role", role))
			.exec();
		assertThat(found).as(role + " container of " + hostId).hasSize(1);
		return docker.inspectContainerCmd(found.get(0).getId()).exec();
	}

	private static List<Container> containersOf(String hostId) {
		return docker.listContainersCmd()
			.withShowAll(true)
			.withLabelFilter(Map.of("io.monkeyfleet.fleet", FLEET, "io.monkeyfleet.host", hostId))
			.exec();
	}

	private static String ip(String hostId, String role) {
		ContainerNetwork onNetwork = container(hostId, role).getNetworkSettings().getNetworks().get(network);
		return onNetwork.getIpAddress();
	}

	private static String logs(String containerId) throws InterruptedException {
		StringBuilder output = new StringBuilder();
		docker.logContainerCmd(containerId)
			.withStdOut(true)
			.withStdErr(true)
			.withTail(40)
			.exec(new ResultCallback.Adapter<Frame>() {

				@Override
				public void onNext(Frame frame) {
					output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
				}

			})
			.awaitCompletion(10, TimeUnit.SECONDS);
		return output.toString();
	}

	private static Map<String, String> environment(InspectContainerResponse container) {
		Map<String, String> environment = new LinkedHashMap<>();
		for (String entry : container.getConfig().getEnv()) {
			int equals = entry.indexOf('=');
			environment.put(entry.substring(0, equals), entry.substring(equals + 1));
		}
		return environment;
	}

	/** The user's rules as {@code ACL LIST} renders them, without name and password. */
	private static String aclRules(String user) {
		return adminCommands.sync()
			.aclList()
			.stream()
			.filter((line) -> line.startsWith("user " + user + " "))
			.map((line) -> line.substring(("user " + user + " ").length()).replaceAll("#[0-9a-f]{64} ", ""))
			.findFirst()
			.orElse("");
	}

	private static byte[][] bytes(String... words) {
		return java.util.Arrays.stream(words).map(String::getBytes).toArray(byte[][]::new);
	}

	private static String buildImage(String module, String jre) throws IOException {
		Path context = Files.createTempDirectory("mf-docker-it-" + module);
		Files.copy(ServiceJars.of(module), context.resolve("app.jar"));
		Files.writeString(context.resolve("Dockerfile"), """
				ARG JRE_IMAGE
				FROM ${JRE_IMAGE}
				COPY app.jar /app/app.jar
				ENTRYPOINT ["java", "-jar", "/app/app.jar"]
				""");
		String tag = "mf-it/" + module + ":" + RUN;
		try {
			docker.buildImageCmd(context.toFile())
				.withBuildArg("JRE_IMAGE", jre)
				.withTags(Set.of(tag))
				.withPull(false)
				.start()
				.awaitImageId();
		}
		finally {
			deleteTree(context);
		}
		return tag;
	}

	private static void deleteTree(Path root) throws IOException {
		try (Stream<Path> paths = Files.walk(root)) {
			for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
	}

	private static void removeFleetContainers(String fleet) {
		docker.listContainersCmd()
			.withShowAll(true)
			.withLabelFilter(Map.of("io.monkeyfleet.fleet", fleet))
			.exec()
			.forEach((container) -> docker.removeContainerCmd(container.getId()).withForce(true).exec());
	}

	private static DockerDriverProperties properties() {
		return new DockerDriverProperties(URI.create("unix:///var/run/docker.sock"), FLEET, Duration.ofSeconds(5),
				Duration.ofMillis(100), Duration.ofMinutes(2), null);
	}

	private static RedisStandaloneConfiguration adminConfiguration() {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("127.0.0.1", redis.port());
		configuration.setPassword(ADMIN_PASSWORD);
		return configuration;
	}

	private static Path aclDirectory() {
		try {
			Path directory = Files.createTempDirectory("mf-docker-it-acl");
			Files.writeString(directory.resolve("users.acl"),
					"user default on >" + ADMIN_PASSWORD + " ~* &* +@all\n" + "user enroller on >" + ENROLLER_PASSWORD
							+ " resetchannels -@all +@connection -@dangerous +acl|setuser +acl|deluser +acl|save\n");
			return directory;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	private static String hex(int bytes) {
		byte[] value = new byte[bytes];
		new SecureRandom().nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

}

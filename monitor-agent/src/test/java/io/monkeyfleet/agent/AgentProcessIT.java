package io.monkeyfleet.agent;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.agent.sampling.BootMarkers;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.sample.SampleApp;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.StandaloneFleetStore;
import io.monkeyfleet.store.TransitionResult;
import io.monkeyfleet.testsupport.http.Http;
import io.monkeyfleet.testsupport.process.FreePorts;
import io.monkeyfleet.testsupport.process.JavaProcess;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent as it runs in production: its own JVM, watching a real sample-app process,
 * writing to a real Redis. Times are asserted with generous bounds (this machine is
 * shared and small) and the measured figure is logged.
 */
class AgentProcessIT {

	private static final Logger logger = LoggerFactory.getLogger(AgentProcessIT.class);

	private static final Duration INTERVAL = Duration.ofMillis(500);

	private static final Duration TIME_TO_LIVE = INTERVAL.multipliedBy(3);

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	private static StandaloneFleetStore connection;

	private static FleetStore store;

	private static JavaProcess app;

	private static int appPort;

	private JavaProcess agent;

	private int agentPort;

	@TempDir
	Path folder;

	@BeforeAll
	static void startApp() {
		connection = StandaloneFleetStore.connect(redis.host(), redis.port());
		store = connection.store();
		appPort = FreePorts.loopback();
		app = JavaProcess.start("sample-app", SampleApp.class, List.of("-Xmx96m", "-XX:+UseSerialGC"),
				List.of("--node-id=app-1", "--port=" + appPort, "--chaos=true"), Map.of());
		app.awaitOutput("listening on", Duration.ofSeconds(20));
	}

	@AfterAll
	static void stopApp() {
		app.close();
		connection.close();
	}

	@AfterEach
	void stopAgentAndCalmTheApp() {
		if (this.agent != null) {
			this.agent.close();
		}
		if (app.isAlive()) {
			post("/chaos/reset");
		}
	}

	@Test
	void registersAsJoiningAndReportsTheWatchedProcess() {
		this.agent = startAgent("node-1");
		MetricsSample sample = awaitSample("node-1", (s) -> true, Duration.ofSeconds(30));
		assertThat(sample.appHealth()).isEqualTo(AppHealth.UP);
		assertThat(sample.memoryPercent()).isPositive();
		assertThat(store.status("node-1")).as("the agent never writes its node's state").isEmpty();
		assertThat(store.node("node-1"))
			.hasValueSatisfying((node) -> assertThat(node.address().toString()).isEqualTo("127.0.0.1:" + appPort));
		long first = sample.sequence();
		MetricsSample later = awaitSample("node-1", (s) -> s.sequence() >= first + 2, Duration.ofSeconds(5));
		assertThat(later.sampledAt()).isAfter(sample.sampledAt());
		assertThat(sample.bootMarker()).as("by default, the kernel's boot id")
			.isEqualTo(BootMarkers.fromFile(Path.of("/proc/sys/kernel/random/boot_id")));
	}

	@Test
	void publishesTheBootMarkerReadAtStartUntilItStartsAgain() throws Exception {
		Path bootId = Files.writeString(this.folder.resolve("boot_id"), "boot-1\n");
		this.agent = startAgent("node-8", "--monkeyfleet.agent.boot-marker.file=" + bootId);
		MetricsSample first = awaitSample("node-8", (s) -> true, Duration.ofSeconds(30));
		assertThat(first.bootMarker()).isEqualTo("boot-1");

		// A machine's boot marker cannot change under a running agent: it is read once.
		Files.writeString(bootId, "boot-2\n");
		MetricsSample later = awaitSample("node-8", (s) -> s.sequence() >= first.sequence() + 2, Duration.ofSeconds(5));
		assertThat(later.bootMarker()).isEqualTo("boot-1");

		this.agent.close();
		Instant restarted = Instant.now();
		this.agent = startAgent("node-8", "--monkeyfleet.agent.boot-marker.file=" + bootId);
		MetricsSample afterRestart = awaitSample("node-8", (s) -> "boot-2".equals(s.bootMarker()),
				Duration.ofSeconds(30));
		// What a reader without a marker to compare relies on: a new process counts from
		// 0, one sample an interval at most.
		assertThat(afterRestart.sequence()).as("the sequence of a process started after " + restarted)
			.isLessThanOrEqualTo(Duration.between(restarted, afterRestart.sampledAt()).toMillis()
					/ MetricsSample.MIN_SAMPLING_INTERVAL.toMillis());
	}

	@Test
	void publishesTheStartTimeOfProcessOneWithTheInitStartSource() {
		this.agent = startAgent("node-9", "--monkeyfleet.agent.boot-marker.source=init-start");
		MetricsSample sample = awaitSample("node-9", (s) -> true, Duration.ofSeconds(30));

		assertThat(sample.bootMarker()).matches("[0-9]+").isEqualTo(BootMarkers.initStart(BootMarkers.INIT_STAT));
	}

	@Test
	void aStartingAgentKeepsTheStateMonkeyServiceGaveItsNode() {
		NodeStatus joining = store.register(Node.of("node-7", "web", NodeAddress.parse("127.0.0.1:" + appPort)));
		NodeStatus active = applied(store.transition("node-7", joining, NodeState.ACTIVE, "healthy", "test", Map.of()));
		NodeStatus draining = applied(store.transition("node-7", active, NodeState.DRAINING, "hot", "test", Map.of()));
		NodeStatus rebooting = applied(
				store.transition("node-7", draining, NodeState.REBOOTING, "reboot job", "test", Map.of()));
		this.agent = startAgent("node-7");
		awaitSample("node-7", (s) -> true, Duration.ofSeconds(30));
		assertThat(store.status("node-7")).contains(rebooting);
	}

	@Test
	void burningCpuRaisesTheReportedCpuAndStoppingItBringsItDown() {
		this.agent = startAgent("node-2");
		awaitSample("node-2", (s) -> s.cpuPercent() < 50, Duration.ofSeconds(30));
		long started = System.nanoTime();
		post("/chaos/cpu?cores=1&seconds=60");
		awaitSample("node-2", (s) -> s.cpuPercent() >= 50, Duration.ofSeconds(10));
		logger.info("CPU burn seen by the agent after {} ms (interval {} ms)", elapsedMillis(started),
				INTERVAL.toMillis());
		started = System.nanoTime();
		post("/chaos/reset");
		awaitSample("node-2", (s) -> s.cpuPercent() < 30, Duration.ofSeconds(10));
		logger.info("End of burn seen after {} ms", elapsedMillis(started));
	}

	@Test
	void aHungAppReadsAsDownWithinOneProbeTimeout() {
		this.agent = startAgent("node-3");
		awaitSample("node-3", (s) -> s.appHealth() == AppHealth.UP, Duration.ofSeconds(30));
		long started = System.nanoTime();
		post("/chaos/hang?seconds=4");
		awaitSample("node-3", (s) -> s.appHealth() == AppHealth.DOWN, Duration.ofSeconds(5));
		logger.info("Hang seen as DOWN after {} ms (probe timeout 400 ms + interval {} ms)", elapsedMillis(started),
				INTERVAL.toMillis());
		awaitSample("node-3", (s) -> s.appHealth() == AppHealth.UP, Duration.ofSeconds(15));
	}

	@Test
	void aKilledAgentsSampleExpiresWithinItsTimeToLive() {
		this.agent = startAgent("node-4");
		awaitSample("node-4", (s) -> true, Duration.ofSeconds(30));
		this.agent.kill();
		long killed = System.nanoTime();
		await().atMost(TIME_TO_LIVE.plusSeconds(3)).until(() -> store.sample("node-4").isEmpty());
		logger.info("Sample of a SIGKILLed agent gone after {} ms (time-to-live {} ms)", elapsedMillis(killed),
				TIME_TO_LIVE.toMillis());
	}

	@Test
	void aFrozenAgentsSampleExpiresAndComesBackWhenItResumes() {
		this.agent = startAgent("node-5");
		awaitSample("node-5", (s) -> true, Duration.ofSeconds(30));
		this.agent.freeze();
		long frozen = System.nanoTime();
		await().atMost(TIME_TO_LIVE.plusSeconds(3)).until(() -> store.sample("node-5").isEmpty());
		logger.info("Sample of a SIGSTOPped agent gone after {} ms", elapsedMillis(frozen));
		this.agent.thaw();
		awaitSample("node-5", (s) -> true, Duration.ofSeconds(10));
	}

	@Test
	void resumesWritingAfterRedisWasAwayForTenSecondsWithoutRestarting() {
		this.agent = startAgent("node-6");
		awaitSample("node-6", (s) -> true, Duration.ofSeconds(30));
		long pid = this.agent.pid();
		redis.stop();
		// The outage itself: the agent must stay up, and alive by its liveness probe, for
		// all of it.
		String health = "http://127.0.0.1:" + this.agentPort + "/actuator/health";
		await().atMost(Duration.ofSeconds(5)).until(() -> Http.get(health).status() == 503);
		await().during(Duration.ofSeconds(10))
			.atMost(Duration.ofSeconds(15))
			.until(() -> this.agent.isAlive() && Http.get(health + "/liveness").status() == 200);
		redis.start();
		long restarted = System.nanoTime();
		// Redis came back empty: the agent must register again, not only write samples.
		await().atMost(Duration.ofSeconds(15))
			.ignoreExceptions() // this test's own client fails fast until it has
								// reconnected too
			.until(() -> store.sample("node-6").isPresent() && store.node("node-6").isPresent()
					&& store.nodes().stream().anyMatch((node) -> node.id().equals("node-6")));
		logger.info("Agent writing again {} ms after Redis came back", elapsedMillis(restarted));
		assertThat(this.agent.pid()).isEqualTo(pid);
		assertThat(store.status("node-6")).as("left for monkey-service to enroll").isEmpty();
		String output = this.agent.output();
		assertThat(output.lines().filter((line) -> line.contains("Heartbeat of node node-6 failed")))
			.as("the outage is logged once")
			.hasSize(1);
		assertThat(output).contains("Redis reachable again after");
	}

	private JavaProcess startAgent(String nodeId, String... extraArguments) {
		this.agentPort = FreePorts.loopback();
		List<String> arguments = new ArrayList<>(
				List.of("--server.port=" + this.agentPort, "--spring.data.redis.host=" + redis.host(),
						"--spring.data.redis.port=" + redis.port(), "--monkeyfleet.agent.node-id=" + nodeId,
						"--monkeyfleet.agent.pool=web", "--monkeyfleet.agent.address=127.0.0.1:" + appPort,
						"--monkeyfleet.agent.interval=" + INTERVAL.toMillis() + "ms",
						"--monkeyfleet.agent.cpu.source=PROCESS", "--monkeyfleet.agent.cpu.pid=" + app.pid(),
						"--monkeyfleet.agent.cpu.cores=1", "--monkeyfleet.agent.cpu.memory-limit=256MB",
						"--monkeyfleet.agent.health.url=http://127.0.0.1:" + appPort + "/health"));
		arguments.addAll(List.of(extraArguments));
		JavaProcess agent = JavaProcess.start("agent-" + nodeId, MonitorAgentApplication.class,
				List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), arguments, Map.of());
		agent.awaitOutput("Registered node " + nodeId, Duration.ofSeconds(60));
		return agent;
	}

	private static NodeStatus applied(TransitionResult result) {
		return ((TransitionResult.Applied) result).status();
	}

	private static MetricsSample awaitSample(String nodeId, java.util.function.Predicate<MetricsSample> condition,
			Duration atMost) {
		return await("a sample of " + nodeId).atMost(atMost)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> store.sample(nodeId), (sample) -> sample.filter(condition).isPresent())
			.orElseThrow();
	}

	private static void post(String path) {
		Http.Response response = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + path))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build());
		assertThat(response.status()).as(path).isBetween(200, 299);
	}

	private static long elapsedMillis(long startedNanos) {
		return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
	}

}

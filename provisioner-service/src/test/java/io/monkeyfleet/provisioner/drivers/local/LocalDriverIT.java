package io.monkeyfleet.provisioner.drivers.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.monkeyfleet.provisioner.SampleApps;
import io.monkeyfleet.provisioner.TestRedis;
import io.monkeyfleet.provisioner.boot.BootMarkerCheck;
import io.monkeyfleet.provisioner.boot.BootProperties;
import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.Drivers;
import io.monkeyfleet.provisioner.drivers.Operation;
import io.monkeyfleet.provisioner.drivers.RecordingStepContext;
import io.monkeyfleet.provisioner.drivers.StepFailedException;
import io.monkeyfleet.provisioner.health.HealthCheckProperties;
import io.monkeyfleet.provisioner.health.HttpProbe;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.Inventory;
import io.monkeyfleet.provisioner.inventory.InventoryProperties;
import io.monkeyfleet.provisioner.inventory.LaunchTemplate;
import io.monkeyfleet.provisioner.inventory.LocalSettings;
import io.monkeyfleet.provisioner.inventory.ProcessDefinition;
import io.monkeyfleet.provisioner.jobs.Step;
import io.monkeyfleet.provisioner.jobs.StepRunner;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.testsupport.http.Http;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The local driver with real sample-app processes. */
class LocalDriverIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	@TempDir
	Path stateDirectory;

	private final Clock clock = Clock.systemUTC();

	private StringRedisTemplate template;

	private HostDefinition app;

	private HostDefinition stubborn;

	private HostDefinition crashing;

	private Inventory inventory;

	private LocalDriver driver;

	private StepRunner steps;

	@BeforeEach
	void setUp() {
		this.template = TestRedis.template(redis);
		this.template.getConnectionFactory().getConnection().serverCommands().flushAll();
		this.app = SampleApps.host("app-1", Duration.ofSeconds(1));
		// A shell that ignores SIGTERM, with a child: only SIGKILL to the group ends
		// both.
		this.stubborn = new HostDefinition("stubborn", DriverKind.LOCAL, "127.0.0.1:" + SampleApps.freePort(),
				"/health", List.of(),
				new LocalSettings(List.of(new ProcessDefinition("shell",
						List.of("sh", "-c", "trap '' TERM; sleep 300 & while true; do sleep 1; done"), Map.of())),
						Duration.ZERO),
				null, null, null);
		this.crashing = new HostDefinition("crashing", DriverKind.LOCAL, "127.0.0.1:" + SampleApps.freePort(),
				"/health", List.of(),
				new LocalSettings(
						List.of(new ProcessDefinition("app",
								List.of("sh", "-c", "echo cannot open the database >&2; exit 3"), Map.of())),
						Duration.ZERO),
				null, null, null);
		LaunchTemplate sampleTemplate = new LaunchTemplate("sample", DriverKind.LOCAL, 8080, "/health", List.of(),
				SampleApps.settings(Duration.ZERO), null, null);
		this.inventory = new Inventory(
				new InventoryProperties(List.of(this.app, this.stubborn, this.crashing), List.of(sampleTemplate)),
				this.template, new KeySchema("mf:"), new FleetCodec());
		this.driver = newDriver(StaleProcessPolicy.ADOPT, Duration.ofSeconds(1));
		this.steps = new StepRunner(this.inventory, new Drivers(List.of(this.driver)),
				new HttpProbe(Duration.ofSeconds(2)),
				new HealthCheckProperties(Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(2)),
				bootCheck());
	}

	@AfterEach
	void stopEverything() {
		newDriver(StaleProcessPolicy.KILL, Duration.ofSeconds(1)).recoverStaleProcesses();
	}

	@Test
	void rebootStopsTheProcessGroupKeepsItDownForTheBootTimeAndStartsItAgainWithANewBootId() throws Exception {
		RecordingStepContext firstStart = run(Operation.START, this.app);
		long before = this.driver.pids("app-1").get(0);
		assertThat(Http.get(url(this.app, "/")).body()).isEqualTo("{\"node\":\"app-1\"}");
		Path bootIdFile = this.stateDirectory.resolve("app-1").resolve("boot_id");
		assertThat(this.driver.bootIdFile("app-1")).isEqualTo(bootIdFile);
		String firstBoot = Files.readString(bootIdFile).strip();
		assertThat(firstBoot).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
		assertThat(firstStart.output()).contains("booted with boot id " + firstBoot);

		RecordingStepContext stop = run(Action.STOP, this.app);
		assertThat(ProcessHandle.of(before)).isEmpty();
		assertThat(stop.output()).contains("stopped app pid " + before);
		assertThat(answers(this.app)).isFalse();

		Instant bootStart = this.clock.instant();
		RecordingStepContext bootWait = run(Action.BOOT_WAIT, this.app);
		assertThat(Duration.between(bootStart, this.clock.instant())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
		String secondBoot = Files.readString(bootIdFile).strip();
		assertThat(secondBoot).isNotEqualTo(firstBoot);
		assertThat(bootWait.output()).contains("booted with boot id " + secondBoot);

		run(Action.START, this.app);
		run(Action.AWAIT_HEALTH, this.app);
		long after = this.driver.pids("app-1").get(0);
		assertThat(after).isNotEqualTo(before);
		assertThat(Http.get(url(this.app, "/")).body()).isEqualTo("{\"node\":\"app-1\"}");
		assertThat(Files.readString(bootIdFile).strip()).as("a start is no boot").isEqualTo(secondBoot);
		assertThat(this.driver.plan(Operation.REBOOT, this.app)).containsExactly(Action.NOTE_BOOT_MARKER, Action.STOP,
				Action.BOOT_WAIT, Action.START, Action.AWAIT_NEW_BOOT, Action.AWAIT_HEALTH);
	}

	@Test
	void aRestartKeepsTheBootId() throws Exception {
		run(Operation.START, this.app);
		String bootId = Files.readString(this.driver.bootIdFile("app-1"));

		run(Operation.RESTART, this.app);

		assertThat(Files.readString(this.driver.bootIdFile("app-1"))).isEqualTo(bootId);
	}

	@Test
	void capturesEachProcesssOutputInItsLog() throws Exception {
		run(Operation.START, this.app);
		Path log = this.driver.logFile("app-1", "app");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(Files.readString(log)).contains("sample-app app-1 listening on"));
	}

	@Test
	void launchStartsANewHostOnAFreePortThatAnswersHttp() {
		RecordingStepContext context = new RecordingStepContext();
		String hostId = "sample-0a1b";
		this.steps.run(Step.pending(0, "launch", Action.LAUNCH, hostId, Map.of(StepRunner.TEMPLATE, "sample"), false),
				context);
		this.steps.run(Step.pending(1, "health", Action.AWAIT_HEALTH, hostId, Map.of(), false), context);

		HostDefinition launched = this.inventory.host(hostId);
		assertThat(launched.launchedFrom()).isEqualTo("sample");
		assertThat(launched.appAddress().port()).isNotIn(this.app.appAddress().port());
		assertThat(Http.get(url(launched, "/")).body()).isEqualTo("{\"node\":\"" + hostId + "\"}");

		this.steps.run(Step.pending(2, "terminate", Action.TERMINATE, hostId, Map.of(), false), context);
		assertThat(this.inventory.find(hostId)).isEmpty();
		assertThat(answers(launched)).isFalse();
	}

	@Test
	void stoppingKillsAProcessGroupThatIgnoresSigtermWithEveryChild() {
		run(Action.START, this.stubborn);
		long shell = this.driver.pids("stubborn").get(0);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> ProcessHandle.of(shell).map((handle) -> handle.children().count() >= 1).orElse(false));
		List<ProcessHandle> family = ProcessHandle.of(shell).orElseThrow().descendants().toList();

		RecordingStepContext stop = run(Action.STOP, this.stubborn);

		assertThat(stop.output()).contains("did not stop within PT1S; killing it").contains("killed shell");
		assertThat(ProcessHandle.of(shell)).isEmpty();
		assertThat(family).isNotEmpty().noneMatch(ProcessHandle::isAlive);
		assertThat(this.driver.isRunning("stubborn")).isFalse();
	}

	@Test
	void aProcessThatExitsFailsTheHealthWaitAtOnceWithItsExitCodeAndOutput() {
		run(Action.START, this.crashing);
		assertThatExceptionOfType(StepFailedException.class).isThrownBy(() -> run(Action.AWAIT_HEALTH, this.crashing))
			.withMessageContaining("process app")
			.withMessageContaining("exited with exit code 3")
			.withMessageContaining("cannot open the database");
	}

	@Test
	void aProcessGroupLeftByACrashedProvisionerIsAdoptedAndCanBeStopped() {
		run(Operation.START, this.app);
		long pid = this.driver.pids("app-1").get(0);

		// A new provisioner on the same state directory, as after a crash.
		LocalDriver successor = newDriver(StaleProcessPolicy.ADOPT, Duration.ofSeconds(5));
		assertThat(successor.recoverStaleProcesses()).containsExactly("app-1: adopted [app pid " + pid + "]");
		assertThat(successor.isRunning("app-1")).isTrue();
		assertThat(answers(this.app)).isTrue();

		successor.execute(Action.STOP, this.app, null, new RecordingStepContext());
		assertThat(ProcessHandle.of(pid)).isEmpty();
		assertThat(answers(this.app)).isFalse();
	}

	@Test
	void aProcessGroupLeftByACrashedProvisionerIsStoppedWhenSoConfigured() {
		run(Operation.START, this.app);
		long pid = this.driver.pids("app-1").get(0);

		LocalDriver successor = newDriver(StaleProcessPolicy.KILL, Duration.ofSeconds(5));
		assertThat(successor.recoverStaleProcesses()).containsExactly("app-1: stopped [app pid " + pid + "]");
		assertThat(ProcessHandle.of(pid)).isEmpty();
		assertThat(successor.isRunning("app-1")).isFalse();
	}

	@Test
	void startingARunningHostIsANoOp() {
		run(Operation.START, this.app);
		long pid = this.driver.pids("app-1").get(0);
		RecordingStepContext again = run(Action.START, this.app);
		assertThat(again.output()).contains("already running");
		assertThat(this.driver.pids("app-1")).containsExactly(pid);
	}

	@Test
	void migrationCopiesTheProcessDefinitionToTheTargetAndStartsIt() {
		HostDefinition standby = new HostDefinition("standby", DriverKind.LOCAL, "127.0.0.1:" + SampleApps.freePort(),
				"/health", List.of(), new LocalSettings(List.of(), Duration.ZERO), null, null, null);
		HostDefinition source = new HostDefinition("source", DriverKind.LOCAL, "127.0.0.1:" + SampleApps.freePort(),
				"/health", List.of("openjdk-17-jre-headless"), SampleApps.settings(Duration.ZERO), null, null, null);
		Inventory inventory = new Inventory(new InventoryProperties(List.of(standby, source), List.of()), this.template,
				new KeySchema("mf:"), new FleetCodec());
		LocalDriver migrating = new LocalDriver(
				new LocalDriverProperties(this.stateDirectory, Duration.ofSeconds(1), StaleProcessPolicy.ADOPT, false,
						List.of("echo", "installing {package}"), Duration.ofSeconds(30)),
				inventory, new FleetCodec(), new SplittableRandom(7));
		StepRunner runner = new StepRunner(inventory, new Drivers(List.of(migrating)),
				new HttpProbe(Duration.ofSeconds(2)),
				new HealthCheckProperties(Duration.ofSeconds(60), Duration.ofMillis(100), Duration.ofSeconds(2)),
				bootCheck());
		RecordingStepContext context = new RecordingStepContext();
		int index = 0;
		for (Action action : migrating.plan(Operation.MIGRATE_TO, standby)) {
			runner.run(
					Step.pending(index++, action.name(), action, "standby", Map.of(StepRunner.SOURCE, "source"), false),
					context);
		}
		assertThat(context.output()).contains("copied the definition of 1 process(es) from source to standby")
			.contains("installing openjdk-17-jre-headless")
			.contains("standby is healthy");
		assertThat(Http.get(url(standby, "/")).body()).isEqualTo("{\"node\":\"standby\"}");
		assertThat(inventory.host("standby").local().processes()).hasSize(1);
	}

	private LocalDriver newDriver(StaleProcessPolicy policy, Duration stopTimeout) {
		return new LocalDriver(new LocalDriverProperties(this.stateDirectory, stopTimeout, policy, false, List.of(),
				Duration.ofSeconds(30)), this.inventory, new FleetCodec(), new SplittableRandom(42));
	}

	private static BootMarkerCheck bootCheck() {
		return new BootMarkerCheck(TestRedis.store(redis)::sample,
				new BootProperties(Duration.ofSeconds(30), Duration.ofMillis(100)));
	}

	private RecordingStepContext run(Operation operation, HostDefinition host) {
		RecordingStepContext context = new RecordingStepContext();
		int index = 0;
		for (Action action : this.driver.plan(operation, host)) {
			this.steps.run(Step.pending(index++, action.name(), action, host.id(), Map.of(), false), context);
		}
		return context;
	}

	private RecordingStepContext run(Action action, HostDefinition host) {
		RecordingStepContext context = new RecordingStepContext();
		this.steps.run(Step.pending(0, action.name(), action, host.id(), Map.of(), false), context);
		return context;
	}

	private static boolean answers(HostDefinition host) {
		try {
			return Http.get(url(host, "/health")).status() == 200;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static String url(HostDefinition host, String path) {
		return "http://" + host.appAddress() + path;
	}

}

package io.monkeyfleet.provisioner.drivers.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.monkeyfleet.provisioner.TestRedis;
import io.monkeyfleet.provisioner.boot.BootMarkerCheck;
import io.monkeyfleet.provisioner.boot.BootProperties;
import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.Drivers;
import io.monkeyfleet.provisioner.drivers.FakeNodeAgent;
import io.monkeyfleet.provisioner.drivers.Operation;
import io.monkeyfleet.provisioner.drivers.RecordingStepContext;
import io.monkeyfleet.provisioner.drivers.StepFailedException;
import io.monkeyfleet.provisioner.drivers.UnsupportedOperationForHostException;
import io.monkeyfleet.provisioner.health.HealthCheckProperties;
import io.monkeyfleet.provisioner.health.HttpProbe;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.Inventory;
import io.monkeyfleet.provisioner.inventory.InventoryProperties;
import io.monkeyfleet.provisioner.inventory.SshSettings;
import io.monkeyfleet.provisioner.jobs.Step;
import io.monkeyfleet.provisioner.jobs.StepRunner;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The ssh driver against real in-process SSH servers (Apache MINA {@code SshServer}) with
 * a command handler that acts like a small Linux host.
 */
class SshDriverIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	static final CommandSet DEBIAN = new CommandSet(FakeSshHost.REBOOT, "sudo systemctl restart app",
			"sudo systemctl stop app", "sudo systemctl start app", "deploy-that-fails",
			"sudo apt-get install -y {package}", FakeSshHost.BOOT_ID);

	@TempDir
	Path folder;

	private KeyPair clientKey;

	private Path identity;

	private Path knownHosts;

	private HttpServer app;

	private FakeSshHost web;

	private FakeSshHost standby;

	private SshDriver driver;

	private HostDefinition webHost;

	private HostDefinition standbyHost;

	private StepRunner steps;

	private FakeNodeAgent agent;

	@BeforeEach
	void setUp() throws Exception {
		this.clientKey = FakeSshHost.generate();
		this.identity = this.folder.resolve("id_ecdsa");
		try (OutputStream out = Files.newOutputStream(this.identity)) {
			OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(this.clientKey, "provisioner", null, out);
		}
		this.app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.app.createContext("/health", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.app.start();
		Path webRoot = Files.createDirectories(this.folder.resolve("web-root/opt/app/data"));
		Files.writeString(webRoot.resolveSibling("app.jar"), "the app");
		Files.writeString(webRoot.resolve("orders.db"), "the data");
		this.web = new FakeSshHost(this.clientKey.getPublic(), this.folder.resolve("web-root"));
		this.standby = new FakeSshHost(this.clientKey.getPublic(),
				Files.createDirectories(this.folder.resolve("standby-root/opt")).getParent());
		this.knownHosts = this.folder.resolve("known_hosts");
		Files.writeString(this.knownHosts, this.web.knownHostsLine() + "\n" + this.standby.knownHostsLine() + "\n");
		this.webHost = sshHost("web-1", this.web, List.of("nginx", "openjdk-17-jre-headless"));
		this.standbyHost = sshHost("standby-1", this.standby, List.of());
		this.driver = newDriver(null);
		Inventory inventory = new Inventory(new InventoryProperties(List.of(this.webHost, this.standbyHost), List.of()),
				TestRedis.template(redis), new KeySchema("mf:"), new FleetCodec());
		// The agent on web-1 publishes the kernel's boot id, as by default; a new process
		// starts after each reboot.
		this.agent = new FakeNodeAgent(redis, "web-1");
		this.agent.follow(this.web::bootId);
		this.steps = new StepRunner(inventory, new Drivers(List.of(this.driver)), new HttpProbe(Duration.ofSeconds(2)),
				new HealthCheckProperties(Duration.ofSeconds(20), Duration.ofMillis(100), Duration.ofSeconds(2)),
				new BootMarkerCheck(this.agent.store()::sample,
						new BootProperties(Duration.ofSeconds(20), Duration.ofMillis(100))));
	}

	@AfterEach
	void tearDown() {
		this.agent.close();
		this.driver.close();
		this.web.close();
		this.standby.close();
		this.app.stop(0);
	}

	@Test
	void rebootRunsTheConfiguredCommandThenWaitsForANewBootIdAndTheAppsHealth() {
		String before = this.web.bootId();
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> this.agent.store().sample("web-1").isPresent());

		RecordingStepContext context = run(Operation.REBOOT, this.webHost, Map.of());

		assertThat(this.web.bootId()).isNotEqualTo(before);
		assertThat(this.web.commands()).startsWith(FakeSshHost.BOOT_ID, FakeSshHost.REBOOT)
			.containsOnly(FakeSshHost.BOOT_ID, FakeSshHost.REBOOT)
			.endsWith(FakeSshHost.BOOT_ID);
		assertThat(context.output()).contains("boot id before the reboot: " + before)
			.contains("web-1 is back with boot id " + this.web.bootId())
			.contains("web-1 came back with boot marker " + this.web.bootId() + " (before the reboot: " + before)
			.contains("web-1 is healthy");
		assertThat(this.driver.plan(Operation.REBOOT, this.webHost)).containsExactly(Action.NOTE_BOOT_MARKER,
				Action.REBOOT, Action.AWAIT_REACHABLE, Action.AWAIT_NEW_BOOT, Action.AWAIT_HEALTH);
	}

	@Test
	void restartRunsTheConfiguredRestartCommand() {
		RecordingStepContext context = run(Operation.RESTART, this.webHost, Map.of());

		assertThat(this.web.commands()).containsExactly("sudo systemctl restart app");
		assertThat(context.output()).contains("deploy@web-1$ sudo systemctl restart app");
	}

	@Test
	void aFailingCommandFailsTheStepWithItsExitStatusAndErrorOutput() {
		assertThatExceptionOfType(StepFailedException.class)
			.isThrownBy(() -> run(Operation.DEPLOY, this.webHost, Map.of()))
			.withMessage("'deploy-that-fails' failed with exit status 1: disk full");
	}

	@Test
	void aHostKeyThatDoesNotMatchKnownHostsIsRefusedBeforeAnyCommandRuns() throws IOException {
		Files.writeString(this.knownHosts, this.web.knownHostsLine(FakeSshHost.generate().getPublic()) + "\n");

		assertThatExceptionOfType(StepFailedException.class)
			.isThrownBy(() -> run(Operation.RESTART, this.webHost, Map.of()))
			.withMessageContaining("ssh deploy@127.0.0.1:" + this.web.port() + " failed");
		assertThat(this.web.commands()).isEmpty();
	}

	@Test
	void aHostMissingFromKnownHostsIsRefused() throws IOException {
		Files.writeString(this.knownHosts, this.standby.knownHostsLine() + "\n");

		assertThatExceptionOfType(StepFailedException.class)
			.isThrownBy(() -> run(Operation.RESTART, this.webHost, Map.of()));
		assertThat(this.web.commands()).isEmpty();
	}

	@Test
	void migrationCopiesTheAppFoldersInstallsThePackagesAndStartsTheService() throws IOException {
		RecordingStepContext context = run(Operation.MIGRATE_TO, this.standbyHost, Map.of(StepRunner.SOURCE, "web-1"));

		Path copied = this.folder.resolve("standby-root/opt/app");
		assertThat(copied.resolve("app.jar")).hasContent("the app");
		assertThat(copied.resolve("data/orders.db")).hasContent("the data");
		assertThat(this.standby.commands())
			.contains("sudo apt-get install -y 'nginx'", "sudo apt-get install -y 'openjdk-17-jre-headless'")
			.endsWith("sudo systemctl start app");
		assertThat(context.output()).contains("copied /opt/app from web-1 to standby-1")
			.contains("standby-1 is healthy");
	}

	@Test
	void aConfiguredPlaybookDeploysWithValuesFromTheInventoryOnly() {
		this.driver.close();
		this.driver = newDriver(new PlaybookSettings(
				List.of("sh", "-c", "echo playbook for $1 as $2 on port $3", "sh", "{address}", "{user}", "{port}"),
				Duration.ofSeconds(30)));
		RecordingStepContext context = new RecordingStepContext();

		this.driver.execute(Action.DEPLOY, this.webHost, null, context);

		assertThat(context.output()).contains("playbook for 127.0.0.1 as deploy on port " + this.web.port());
		assertThat(this.web.commands()).isEmpty();
	}

	@Test
	void anSshHostCannotBeLaunchedOrTerminated() {
		assertThatExceptionOfType(UnsupportedOperationForHostException.class)
			.isThrownBy(() -> this.driver.plan(Operation.TERMINATE, this.webHost));
	}

	private SshDriver newDriver(PlaybookSettings playbook) {
		return new SshDriver(
				new SshDriverProperties(this.knownHosts, this.identity, Duration.ofSeconds(5), Duration.ofSeconds(10),
						Duration.ofSeconds(20), Duration.ofMillis(100), Map.of("debian", DEBIAN), playbook));
	}

	private HostDefinition sshHost(String id, FakeSshHost host, List<String> packages) {
		return new HostDefinition(id, DriverKind.SSH, "127.0.0.1:" + this.app.getAddress().getPort(), "/health",
				packages, null, new SshSettings("127.0.0.1", host.port(), "deploy", "debian", List.of("/opt/app")),
				null, null);
	}

	private RecordingStepContext run(Operation operation, HostDefinition host, Map<String, String> params) {
		RecordingStepContext context = new RecordingStepContext();
		int index = 0;
		for (Action action : this.driver.plan(operation, host)) {
			this.steps.run(Step.pending(index++, action.name(), action, host.id(), params, false), context);
		}
		return context;
	}

}

package io.monkeyfleet.provisioner.drivers.aws;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

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
import io.monkeyfleet.provisioner.inventory.AwsLaunchSettings;
import io.monkeyfleet.provisioner.inventory.AwsSettings;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.Inventory;
import io.monkeyfleet.provisioner.inventory.InventoryProperties;
import io.monkeyfleet.provisioner.inventory.LaunchTemplate;
import io.monkeyfleet.provisioner.jobs.Step;
import io.monkeyfleet.provisioner.jobs.StepRunner;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.testsupport.aws.FakeEc2;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The aws driver with the real AWS SDK v2 against a local HTTP fake of the EC2 Query API,
 * which checks the actions and parameters sent. Credentials come through the SDK's
 * default chain (here its system-property link), as in production. The instance's guest
 * (its app and its agent) goes down a moment after RebootInstances and boots again later
 * with a new boot id, while EC2 says {@code running} all along.
 */
class AwsDriverIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	static final String INSTANCE = "i-0123456789abcdef0";

	private HttpServer app;

	private Guest guest;

	private FakeEc2 ec2;

	private Ec2Clients clients;

	private AwsDriver driver;

	private HostDefinition host;

	private Inventory inventory;

	private StepRunner steps;

	@BeforeAll
	static void credentialsThroughTheDefaultChain() {
		System.setProperty("aws.accessKeyId", "AKIDPROVISIONERTEST");
		System.setProperty("aws.secretAccessKey", "not-a-real-secret");
	}

	@AfterAll
	static void forgetCredentials() {
		System.clearProperty("aws.accessKeyId");
		System.clearProperty("aws.secretAccessKey");
	}

	@BeforeEach
	void setUp() throws Exception {
		this.guest = new Guest(new FakeNodeAgent(redis, "web-7"));
		this.app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.app.createContext("/health", (exchange) -> {
			// Down with its machine: a rebooting host's app does not answer.
			exchange.sendResponseHeaders(this.guest.up.get() ? 200 : 503, -1);
			exchange.close();
		});
		this.app.start();
		int appPort = this.app.getAddress().getPort();
		this.ec2 = new FakeEc2("127.0.0.1");
		this.ec2.instance(INSTANCE, "running");
		this.ec2.guest(INSTANCE, this.guest, Duration.ofMillis(500), Duration.ofSeconds(1));
		this.clients = new Ec2Clients(new AwsDriverProperties("eu-west-1", this.ec2.endpoint(), Duration.ofSeconds(20),
				Duration.ofMillis(50)));
		this.driver = new AwsDriver(new AwsDriverProperties("eu-west-1", this.ec2.endpoint(), Duration.ofSeconds(20),
				Duration.ofMillis(50)), this.clients, null);
		this.host = new HostDefinition("web-7", DriverKind.AWS, "127.0.0.1:" + appPort, "/health", List.of(), null,
				null, new AwsSettings(INSTANCE), null);
		LaunchTemplate template = new LaunchTemplate("web", DriverKind.AWS, appPort, "/health", List.of("nginx"), null,
				new AwsLaunchSettings("lt-0abcdef1234567890", null, "7"), null);
		this.inventory = new Inventory(new InventoryProperties(List.of(this.host), List.of(template)),
				TestRedis.template(redis), new KeySchema("mf:"), new FleetCodec());
		this.steps = new StepRunner(this.inventory, new Drivers(List.of(this.driver)),
				new HttpProbe(Duration.ofSeconds(2)),
				new HealthCheckProperties(Duration.ofSeconds(20), Duration.ofMillis(50), Duration.ofSeconds(2)),
				new BootMarkerCheck(this.guest.agent.store()::sample,
						new BootProperties(Duration.ofSeconds(20), Duration.ofMillis(50))));
	}

	@AfterEach
	void tearDown() {
		this.guest.agent.close();
		this.clients.close();
		this.ec2.close();
		this.app.stop(0);
	}

	@Test
	void rebootSendsRebootInstancesForTheHostsInstanceThenWaitsForItRunningAndHealthy() {
		this.guest.awaitSampled();
		RecordingStepContext context = run(Operation.REBOOT, this.host, Map.of());

		assertThat(this.ec2.actions()).containsExactly("RebootInstances", "DescribeInstances");
		FakeEc2.Request reboot = this.ec2.first("RebootInstances");
		assertThat(reboot.params()).containsEntry("InstanceId.1", INSTANCE)
			.containsEntry("Version", "2016-11-15")
			.hasSize(3);
		assertThat(reboot.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDPROVISIONERTEST/")
			.contains("/eu-west-1/ec2/aws4_request");
		assertThat(context.output()).contains("web-7 is healthy");
	}

	@Test
	void theOldRebootPlanReportsDoneBeforeTheHostHasEvenGoneDown() {
		// EC2 gives a guest minutes to shut down cleanly; this one takes 5 s.
		this.ec2.guest(INSTANCE, this.guest, Duration.ofSeconds(5), Duration.ofSeconds(1));
		this.guest.awaitSampled();
		List<Action> oldPlan = List.of(Action.REBOOT, Action.AWAIT_REACHABLE, Action.AWAIT_HEALTH);

		RecordingStepContext context = run(oldPlan, this.host);

		assertThat(this.guest.boots()).as("boots when the old plan said done").isEmpty();
		assertThat(this.guest.wentDown.get()).as("went down before the old plan said done").isNull();
		assertThat(this.ec2.actions()).containsExactly("RebootInstances", "DescribeInstances");
		assertThat(context.output()).contains("instance " + INSTANCE + " is running").contains("web-7 is healthy");
	}

	@Test
	void theRebootPlanIsDoneOnlyOnceTheHostCameBackWithANewBootMarker() {
		this.guest.awaitSampled();
		assertThat(this.driver.plan(Operation.REBOOT, this.host)).containsExactly(Action.NOTE_BOOT_MARKER,
				Action.REBOOT, Action.AWAIT_REACHABLE, Action.AWAIT_NEW_BOOT, Action.AWAIT_HEALTH);

		RecordingStepContext context = run(Operation.REBOOT, this.host, Map.of());
		Instant done = Instant.now();

		assertThat(this.guest.boots()).hasSize(1);
		String newBootId = this.guest.boots().get(0);
		assertThat(this.guest.wentDown.get()).isNotNull();
		assertThat(this.guest.bootedAt.get()).isBefore(done);
		assertThat(context.output()).contains("node web-7 publishes boot marker boot-0")
			.contains("web-7 came back with boot marker " + newBootId + " (before the reboot: boot-0")
			.contains("web-7 is healthy");
		assertThat(context.output().indexOf("came back with boot marker"))
			.isLessThan(context.output().indexOf("web-7 is healthy"));
	}

	@Test
	void stopAndStartWaitUntilTheInstanceReachesEachState() {
		run(Operation.STOP, this.host, Map.of());
		assertThat(this.ec2.actions()).containsExactly("StopInstances", "DescribeInstances", "DescribeInstances");
		assertThat(this.ec2.first("StopInstances").params()).containsEntry("InstanceId.1", INSTANCE);

		RecordingStepContext start = run(Operation.START, this.host, Map.of());
		assertThat(this.ec2.actions()).endsWith("StartInstances", "DescribeInstances", "DescribeInstances");
		assertThat(start.output()).contains("instance " + INSTANCE + " is running").contains("web-7 is healthy");
	}

	@Test
	void terminateSendsTerminateInstancesAndWaitsForTerminated() {
		RecordingStepContext context = run(Operation.TERMINATE, this.host, Map.of());

		assertThat(this.ec2.actions()).containsExactly("TerminateInstances", "DescribeInstances", "DescribeInstances");
		assertThat(this.ec2.first("TerminateInstances").params()).containsEntry("InstanceId.1", INSTANCE);
		assertThat(context.output()).contains("is terminated");
	}

	@Test
	void launchRunsOneInstanceFromTheLaunchTemplateWithAClientTokenAndTags() {
		RecordingStepContext context = new RecordingStepContext();
		this.steps.run(Step.pending(0, "launch", Action.LAUNCH, "web-1a2b", Map.of(StepRunner.TEMPLATE, "web"), false),
				context);
		this.steps.run(Step.pending(1, "health", Action.AWAIT_HEALTH, "web-1a2b", Map.of(), false), context);

		Map<String, String> run = this.ec2.first("RunInstances").params();
		assertThat(run).containsEntry("LaunchTemplate.LaunchTemplateId", "lt-0abcdef1234567890")
			.containsEntry("LaunchTemplate.Version", "7")
			.containsEntry("MinCount", "1")
			.containsEntry("MaxCount", "1")
			.containsEntry("ClientToken", "j-test-web-1a2b")
			.containsEntry("TagSpecification.1.ResourceType", "instance")
			.containsEntry("TagSpecification.1.Tag.2.Key", "monkeyfleet:host-id")
			.containsEntry("TagSpecification.1.Tag.2.Value", "web-1a2b")
			.doesNotContainKey("ImageId");
		HostDefinition launched = this.inventory.host("web-1a2b");
		assertThat(launched.aws().instanceId()).isEqualTo("i-0f000000000000001");
		assertThat(launched.address()).isEqualTo("127.0.0.1:" + this.app.getAddress().getPort());
		assertThat(launched.launchedFrom()).isEqualTo("web");
		assertThat(launched.packages()).containsExactly("nginx");
		assertThat(context.output()).contains("launched i-0f000000000000001 for host web-1a2b");
	}

	@Test
	void anEc2ErrorFailsTheStepWithItsCode() {
		HostDefinition gone = new HostDefinition("gone", DriverKind.AWS, "127.0.0.1:1", "/health", List.of(), null,
				null, new AwsSettings("i-0000000000000dead"), null);

		assertThatExceptionOfType(StepFailedException.class)
			.isThrownBy(() -> this.driver.execute(Action.REBOOT, gone, null, new RecordingStepContext()))
			.withMessageContaining("EC2 RebootInstances i-0000000000000dead failed")
			.withMessageContaining("does not exist");
	}

	@Test
	void restartingServicesNeedsAnSshSection() {
		assertThatExceptionOfType(UnsupportedOperationForHostException.class)
			.isThrownBy(() -> this.driver.plan(Operation.RESTART, this.host))
			.withMessageContaining("has no ssh section");
	}

	private RecordingStepContext run(Operation operation, HostDefinition target, Map<String, String> params) {
		RecordingStepContext context = new RecordingStepContext();
		int index = 0;
		for (Action action : this.driver.plan(operation, target)) {
			this.steps.run(Step.pending(index++, action.name(), action, target.id(), params, false), context);
		}
		return context;
	}

	private RecordingStepContext run(List<Action> plan, HostDefinition target) {
		RecordingStepContext context = new RecordingStepContext();
		int index = 0;
		for (Action action : plan) {
			this.steps.run(Step.pending(index++, action.name(), action, target.id(), Map.of(), false), context);
		}
		return context;
	}

	/**
	 * The instance's operating system: its app answers health while it is up, and its
	 * agent publishes the boot id it booted with.
	 */
	static final class Guest implements FakeEc2.Guest {

		final FakeNodeAgent agent;

		final AtomicBoolean up = new AtomicBoolean(true);

		final AtomicReference<Instant> wentDown = new AtomicReference<>();

		final AtomicReference<Instant> bootedAt = new AtomicReference<>();

		private final List<String> boots = new ArrayList<>();

		Guest(FakeNodeAgent agent) {
			this.agent = agent;
			agent.boot("boot-0");
		}

		@Override
		public void shutDown() {
			this.up.set(false);
			this.agent.halt();
			this.wentDown.set(Instant.now());
		}

		@Override
		public synchronized void boot() {
			String bootId = UUID.randomUUID().toString();
			this.boots.add(bootId);
			this.bootedAt.set(Instant.now());
			this.up.set(true);
			this.agent.boot(bootId);
		}

		synchronized List<String> boots() {
			return List.copyOf(this.boots);
		}

		/**
		 * Until its agent has published a sample, as a host's does before anyone reboots
		 * it.
		 */
		void awaitSampled() {
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> this.agent.store().sample("web-7").isPresent());
		}

	}

}

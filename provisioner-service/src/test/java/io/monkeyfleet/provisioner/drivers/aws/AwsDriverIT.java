package io.monkeyfleet.provisioner.drivers.aws;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;
import io.monkeyfleet.provisioner.TestRedis;
import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.Drivers;
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
 * default chain (here its system-property link), as in production.
 */
class AwsDriverIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	static final String INSTANCE = "i-0123456789abcdef0";

	private HttpServer app;

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
		this.app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.app.createContext("/health", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		this.app.start();
		int appPort = this.app.getAddress().getPort();
		this.ec2 = new FakeEc2("127.0.0.1");
		this.ec2.instance(INSTANCE, "running");
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
				new HealthCheckProperties(Duration.ofSeconds(20), Duration.ofMillis(50), Duration.ofSeconds(2)));
	}

	@AfterEach
	void tearDown() {
		this.clients.close();
		this.ec2.close();
		this.app.stop(0);
	}

	@Test
	void rebootSendsRebootInstancesForTheHostsInstanceThenWaitsForItRunningAndHealthy() {
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

}

package io.monkeyfleet.monkey.cloud.aws;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.monkey.cloud.CloudException;
import io.monkeyfleet.monkey.cloud.CloudProvider.Launch;
import io.monkeyfleet.monkey.cloud.CloudProvider.LaunchRequest;
import io.monkeyfleet.monkey.cloud.CloudProvider.Progress;
import io.monkeyfleet.monkey.cloud.CloudProvider.TerminateRequest;
import io.monkeyfleet.testsupport.aws.FakeEc2;
import io.monkeyfleet.testsupport.process.FreePorts;
import io.monkeyfleet.testsupport.time.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The aws cloud provider with the real AWS SDK v2 against a local HTTP fake of the EC2
 * Query API, which records every request and, like EC2, answers a RunInstances repeated
 * with the same client token with the instance it launched the first time. Credentials
 * come through the SDK's default chain (here its system-property link), as in production.
 */
class AwsCloudProviderIT {

	private static final String TEMPLATE = "lt-0abcdef1234567890";

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

	private FakeEc2 ec2;

	private AwsCloudProvider provider;

	@BeforeAll
	static void credentialsThroughTheDefaultChain() {
		System.setProperty("aws.accessKeyId", "AKIDMONKEYTEST");
		System.setProperty("aws.secretAccessKey", "not-a-real-secret");
	}

	@AfterAll
	static void forgetCredentials() {
		System.clearProperty("aws.accessKeyId");
		System.clearProperty("aws.secretAccessKey");
	}

	@BeforeEach
	void setUp() {
		this.ec2 = new FakeEc2("10.0.3.7", this.clock);
		this.provider = provider(properties(Map.of(), Duration.ofSeconds(10)));
	}

	@AfterEach
	void tearDown() {
		this.provider.close();
		this.ec2.close();
	}

	@Test
	void launchAsksForOneInstanceFromTheTemplateWithTagsClientTokenAndImdsV2AndReturnsBeforeItRuns() {
		this.ec2.launchesAs("pending");

		Launch launch = this.provider
			.launch(new LaunchRequest("web", "gift-web-42", "pool web ran hot: cpu 93% in 3 samples", 7));

		String instanceId = this.ec2.instanceIds().get(0);
		assertThat(launch).isEqualTo(new Launch(instanceId, instanceId, instanceId));
		FakeEc2.Request run = this.ec2.first("RunInstances");
		assertThat(run.params()).containsEntry("LaunchTemplate.LaunchTemplateId", TEMPLATE)
			.containsEntry("LaunchTemplate.Version", "$Default")
			.containsEntry("MinCount", "1")
			.containsEntry("MaxCount", "1")
			.containsEntry("ClientToken", "gift-web-42")
			.containsEntry("MetadataOptions.HttpTokens", "required")
			.containsEntry("TagSpecification.1.ResourceType", "instance")
			.containsEntry("TagSpecification.1.Tag.1.Key", "Name")
			.containsEntry("TagSpecification.1.Tag.1.Value", "monkeyfleet-web")
			.containsEntry("TagSpecification.1.Tag.2.Key", "monkeyfleet:pool")
			.containsEntry("TagSpecification.1.Tag.2.Value", "web")
			.containsEntry("TagSpecification.1.Tag.3.Key", "monkeyfleet:launched-by")
			.containsEntry("TagSpecification.1.Tag.3.Value", "monkey:gift")
			.containsEntry("TagSpecification.1.Tag.4.Key", "monkeyfleet:reason")
			.containsEntry("TagSpecification.1.Tag.4.Value", "pool web ran hot: cpu 93% in 3 samples")
			.containsEntry("TagSpecification.2.ResourceType", "volume")
			.containsEntry("TagSpecification.2.Tag.3.Key", "monkeyfleet:launched-by")
			.containsEntry("TagSpecification.2.Tag.3.Value", "monkey:gift")
			.doesNotContainKeys("ImageId", "InstanceType", "TagSpecification.3.ResourceType");
		assertThat(run.authorization()).startsWith("AWS4-HMAC-SHA256 Credential=AKIDMONKEYTEST/")
			.contains("/eu-west-1/ec2/aws4_request");
		assertThat(this.ec2.tags(instanceId)).containsEntry("monkeyfleet:pool", "web");

		// The waiter polls in the background while the instance stays pending.
		await().atMost(WAIT).until(() -> this.ec2.all("DescribeInstances").size() >= 3);
		assertThat(this.provider.launchProgress(launch))
			.isEqualTo(Progress.running("waiting for instance " + instanceId + " to run"));
		assertThat(this.ec2.first("DescribeInstances").params()).containsEntry("InstanceId.1", instanceId);

		this.ec2.move(instanceId, "running");
		await().atMost(WAIT)
			.until(() -> this.provider.launchProgress(launch),
					(progress) -> progress.state() == Progress.State.SUCCEEDED);
		assertThat(this.provider.launchProgress(launch).detail())
			.isEqualTo("instance " + instanceId + " is running at 10.0.3.7");
	}

	@Test
	void theWaiterReadsTheStateUntilTheInstanceRuns() {
		Launch launch = this.provider.launch(new LaunchRequest("web", "gift-web-1", "hot", 1));

		assertThat(awaitDone(launch))
			.isEqualTo(Progress.succeeded("instance " + launch.instanceId() + " is running at 10.0.3.7"));
		// pending, then running: the waiter asked twice
		assertThat(this.ec2.all("DescribeInstances")).hasSize(2);
	}

	@Test
	void aLaunchRepeatedWithTheSameKeyGetsTheSameInstanceAndStartsNoSecondOne() {
		LaunchRequest request = new LaunchRequest("web", "gift-web-43", "hot", 7);

		Launch first = this.provider.launch(request);
		Launch again = this.provider.launch(request);

		assertThat(again).isEqualTo(first);
		assertThat(this.ec2.instanceIds()).containsExactly(first.instanceId());
		assertThat(this.ec2.all("RunInstances")).hasSize(2)
			.allSatisfy((run) -> assertThat(run.params()).containsEntry("ClientToken", "gift-web-43"));
		assertThat(awaitDone(again).state()).isEqualTo(Progress.State.SUCCEEDED);

		// Another key is another launch: the fake does not just refuse a second instance.
		Launch other = this.provider.launch(new LaunchRequest("web", "gift-web-44", "hot", 7));
		assertThat(other.instanceId()).isNotEqualTo(first.instanceId());
		assertThat(this.ec2.instanceIds()).containsExactly(first.instanceId(), other.instanceId());
	}

	@Test
	void aLaunchWhoseAnswerWasLostIsRetriedByTheSdkWithTheSameTokenAndStartsNoSecondInstance() {
		this.ec2.loseNextAnswer("RunInstances");

		Launch launch = this.provider.launch(new LaunchRequest("web", "gift-web-45", "hot", 7));

		assertThat(this.ec2.all("RunInstances")).hasSize(2)
			.allSatisfy((run) -> assertThat(run.params()).containsEntry("ClientToken", "gift-web-45"));
		assertThat(this.ec2.instanceIds()).containsExactly(launch.instanceId());
		assertThat(awaitDone(launch).state()).isEqualTo(Progress.State.SUCCEEDED);
	}

	@Test
	void aPoolWithItsOwnTemplateOrVersionLaunchesFromIt() {
		this.provider.close();
		this.provider = provider(properties(Map.of("batch", new AwsCloudProperties.Pool("lt-0aaaabbbbccccdddd", "3"),
				"api", new AwsCloudProperties.Pool(null, "5")), Duration.ofSeconds(10)));

		this.provider.launch(new LaunchRequest("batch", "gift-batch-1", "hot", 7));
		this.provider.launch(new LaunchRequest("api", "gift-api-1", "hot", 7));
		this.provider.launch(new LaunchRequest("web", "gift-web-1", "hot", 7));

		List<FakeEc2.Request> runs = this.ec2.all("RunInstances");
		assertThat(runs.get(0).params()).containsEntry("LaunchTemplate.LaunchTemplateId", "lt-0aaaabbbbccccdddd")
			.containsEntry("LaunchTemplate.Version", "3");
		assertThat(runs.get(1).params()).containsEntry("LaunchTemplate.LaunchTemplateId", TEMPLATE)
			.containsEntry("LaunchTemplate.Version", "5");
		assertThat(runs.get(2).params()).containsEntry("LaunchTemplate.LaunchTemplateId", TEMPLATE)
			.containsEntry("LaunchTemplate.Version", "$Default");
	}

	@Test
	void aReasonLongerThanEc2AllowsIsCutToItsTagLimit() {
		String reason = "pool web ran hot: " + "cpu 97% ".repeat(60);

		Launch launch = this.provider.launch(new LaunchRequest("web", "gift-web-46", reason, 7));

		assertThat(this.ec2.tags(launch.instanceId()).get("monkeyfleet:reason")).hasSize(256)
			.isEqualTo(reason.substring(0, 256));
	}

	@Test
	void aRefusedLaunchIsACloudExceptionWithEc2sReasonOnOneLineAndARetryLaunchesLater() {
		this.ec2.refuse("RunInstances", 500, "InsufficientInstanceCapacity",
				"We currently do not have sufficient m5.large capacity in the Availability Zone you requested "
						+ "(eu-west-1a).\nOur system will be working on provisioning additional capacity.");
		LaunchRequest request = new LaunchRequest("web", "gift-web-47", "hot", 7);

		assertThatExceptionOfType(CloudException.class).isThrownBy(() -> this.provider.launch(request))
			.withMessage("EC2 RunInstances for pool 'web' refused: InsufficientInstanceCapacity: We currently do not "
					+ "have sufficient m5.large capacity in the Availability Zone you requested (eu-west-1a). "
					+ "Our system will be working on provisioning additional capacity. (HTTP 500, request r)");
		assertThat(this.ec2.instanceIds()).isEmpty();
		// The SDK retried a server error itself, each time with the same token.
		assertThat(this.ec2.all("RunInstances")).hasSizeGreaterThan(1)
			.allSatisfy((run) -> assertThat(run.params()).containsEntry("ClientToken", "gift-web-47"));

		this.ec2.accept("RunInstances");
		Launch launch = this.provider.launch(request);
		assertThat(this.ec2.instanceIds()).containsExactly(launch.instanceId());
	}

	@Test
	void aPoolWithoutATemplateIsACloudExceptionNamingTheProperty() {
		this.provider.close();
		this.provider = provider(new AwsCloudProperties("eu-west-1", this.ec2.endpoint(), null, "$Default",
				Map.of("batch", new AwsCloudProperties.Pool("lt-0aaaabbbbccccdddd", null)), Duration.ofSeconds(5),
				Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofMillis(50), 4));

		assertThatExceptionOfType(CloudException.class)
			.isThrownBy(() -> this.provider.launch(new LaunchRequest("web", "gift-web-48", "hot", 7)))
			.withMessage("no launch template for pool 'web': set monkeyfleet.monkey.cloud.aws.pools.web"
					+ ".launch-template-id or monkeyfleet.monkey.cloud.aws.launch-template-id");
		assertThat(this.ec2.requests()).isEmpty();
	}

	@Test
	void anInstanceThatNeverRunsFailsItsLaunchAfterTheRunningTimeout() {
		this.provider.close();
		this.provider = provider(properties(Map.of(), Duration.ofSeconds(1)));
		this.ec2.launchesAs("pending");

		Launch launch = this.provider.launch(new LaunchRequest("web", "gift-web-49", "hot", 7));

		assertThat(awaitDone(launch))
			.isEqualTo(Progress.failed("instance " + launch.instanceId() + " is still pending after 1s, not running"));
	}

	@Test
	void anInstanceEc2TerminatesWhilePendingFailsItsLaunchWithEc2sReason() {
		this.ec2.launchesFailWith("Server.InsufficientInstanceCapacity", "Insufficient capacity.");

		Launch launch = this.provider.launch(new LaunchRequest("web", "gift-web-50", "hot", 7));

		assertThat(awaitDone(launch)).isEqualTo(Progress.failed("instance " + launch.instanceId()
				+ " is terminated, not running (Server.InsufficientInstanceCapacity: Insufficient capacity.)"));
	}

	@Test
	void scaleInTerminatesTheInstanceAndReportsDoneOnceItIsTerminated() {
		Launch launch = this.provider.launch(new LaunchRequest("web", "gift-web-51", "hot", 7));
		awaitDone(launch);

		String operation = this.provider
			.terminate(new TerminateRequest(launch.hostId(), launch.instanceId(), "scale-in-web-1", "web ran cold", 8));

		assertThat(operation).isEqualTo(launch.instanceId());
		assertThat(this.ec2.first("TerminateInstances").params()).containsEntry("InstanceId.1", launch.instanceId());
		await().atMost(WAIT)
			.until(() -> this.provider.terminationProgress(operation),
					(progress) -> progress.state() == Progress.State.SUCCEEDED);
		assertThat(this.provider.terminationProgress(operation))
			.isEqualTo(Progress.succeeded("instance " + operation + " is terminated"));
		assertThat(this.ec2.state(operation)).isEqualTo("terminated");

		// Repeated (a retry after a timeout): nothing more to do, no second
		// TerminateInstances.
		assertThat(this.provider
			.terminate(new TerminateRequest(launch.hostId(), launch.instanceId(), "scale-in-web-1", "web ran cold", 8)))
			.isEqualTo(operation);
		assertThat(this.ec2.all("TerminateInstances")).hasSize(1);
	}

	@Test
	void aLaunchThatNeverJoinedIsTerminatedAndItsLaunchFails() {
		this.ec2.launchesAs("pending");
		Launch launch = this.provider.launch(new LaunchRequest("web", "gift-web-52", "hot", 7));

		String operation = this.provider
			.terminate(new TerminateRequest(launch.hostId(), null, "give-up-web-52", "never joined", 7));

		assertThat(this.ec2.first("TerminateInstances").params()).containsEntry("InstanceId.1", launch.instanceId());
		await().atMost(WAIT)
			.until(() -> this.provider.terminationProgress(operation),
					(progress) -> progress.state() == Progress.State.SUCCEEDED);
		assertThat(awaitDone(launch).state()).isEqualTo(Progress.State.FAILED);
		assertThat(awaitDone(launch).detail()).startsWith("instance " + launch.instanceId() + " is ")
			.endsWith(", not running");
	}

	@Test
	void refusesToTerminateWhatItDidNotLaunch() {
		this.ec2.instance("i-0123456789abcdef0", "running");

		assertThatExceptionOfType(CloudException.class)
			.isThrownBy(() -> this.provider
				.terminate(new TerminateRequest("db-1", "i-0123456789abcdef0", "scale-in-1", "cold", 7)))
			.withMessage("refusing to terminate instance i-0123456789abcdef0: it has no "
					+ "monkeyfleet:launched-by=monkey:gift tag, so the gift monkey did not launch it");
		assertThatExceptionOfType(CloudException.class)
			.isThrownBy(() -> this.provider.terminate(new TerminateRequest("web-7", null, "scale-in-2", "cold", 7)))
			.withMessage("'web-7' is not an EC2 instance id, so the aws cloud provider cannot terminate host web-7");
		assertThatExceptionOfType(CloudException.class)
			.isThrownBy(() -> this.provider
				.terminate(new TerminateRequest("i-0000000000000dead", null, "scale-in-3", "cold", 7)))
			.withMessage("EC2 does not know instance i-0000000000000dead (yet)");
		assertThat(this.ec2.actions()).doesNotContain("TerminateInstances");
		assertThat(this.ec2.state("i-0123456789abcdef0")).isEqualTo("running");
	}

	@Test
	void afterARestartProgressComesFromEc2AndAPendingInstanceIsWaitedForAgain() {
		Map<String, String> ours = Map.of("monkeyfleet:launched-by", "monkey:gift");
		Instant now = this.clock.instant();
		this.ec2.instance("i-00000000000000001", "running", ours, now.minusSeconds(60));
		this.ec2.instance("i-00000000000000002", "pending", ours, now.minusSeconds(2));
		this.ec2.instance("i-00000000000000003", "pending", ours, now.minusSeconds(60));
		this.ec2.instance("i-00000000000000004", "terminated", ours, now.minusSeconds(60));
		this.ec2.instance("i-00000000000000005", "shutting-down", ours, now.minusSeconds(60));
		this.ec2.instance("i-00000000000000006", "running", ours, now.minusSeconds(60));
		// A fresh provider knows of no wait, as after a restart.

		assertThat(this.provider.launchProgress(launch("i-00000000000000001")))
			.isEqualTo(Progress.succeeded("instance i-00000000000000001 is running at 10.0.3.7"));
		assertThat(this.provider.launchProgress(launch("i-00000000000000002")))
			.isEqualTo(Progress.running("instance i-00000000000000002 is pending"));
		this.ec2.move("i-00000000000000002", "running");
		assertThat(awaitDone(launch("i-00000000000000002")).state()).isEqualTo(Progress.State.SUCCEEDED);
		assertThat(this.provider.launchProgress(launch("i-00000000000000003")))
			.isEqualTo(Progress.failed("instance i-00000000000000003 is still pending 10s after its launch"));
		assertThat(this.provider.launchProgress(launch("i-00000000000000004")))
			.isEqualTo(Progress.failed("instance i-00000000000000004 is terminated, not running"));
		assertThat(this.provider.launchProgress(launch("i-0000000000000beef")))
			.isEqualTo(Progress.failed("EC2 does not know instance i-0000000000000beef"));

		assertThat(this.provider.terminationProgress("i-00000000000000004"))
			.isEqualTo(Progress.succeeded("instance i-00000000000000004 is terminated"));
		assertThat(this.provider.terminationProgress("i-00000000000000005"))
			.isEqualTo(Progress.running("instance i-00000000000000005 is shutting down"));
		this.ec2.move("i-00000000000000005", "terminated");
		await().atMost(WAIT)
			.until(() -> this.provider.terminationProgress("i-00000000000000005"),
					(progress) -> progress.state() == Progress.State.SUCCEEDED);
		assertThat(this.provider.terminationProgress("i-00000000000000006"))
			.isEqualTo(Progress.failed("instance i-00000000000000006 is running, not terminating"));
		this.ec2.forget("i-00000000000000004");
		assertThat(this.provider.terminationProgress("i-00000000000000004"))
			.isEqualTo(Progress.succeeded("instance i-00000000000000004 is gone"));
	}

	@Test
	void anUnreachableEc2IsACloudExceptionOnOneLine() {
		this.provider.close();
		URI nowhere = URI.create("http://127.0.0.1:" + FreePorts.loopback());
		this.provider = provider(new AwsCloudProperties("eu-west-1", nowhere, TEMPLATE, "$Default", Map.of(),
				Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10),
				Duration.ofMillis(50), 4));

		assertThatExceptionOfType(CloudException.class)
			.isThrownBy(() -> this.provider.launch(new LaunchRequest("web", "gift-web-53", "hot", 7)))
			.withMessageStartingWith("EC2 RunInstances for pool 'web' failed: ")
			.withMessageContaining("127.0.0.1")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n"));
		assertThat(this.provider.terminationProgress("i-00000000000000001").state()).isEqualTo(Progress.State.RUNNING);
	}

	private Progress awaitDone(Launch launch) {
		return await().atMost(WAIT)
			.until(() -> this.provider.launchProgress(launch),
					(progress) -> progress.state() != Progress.State.RUNNING);
	}

	private static Launch launch(String instanceId) {
		return new Launch(instanceId, instanceId, instanceId);
	}

	private AwsCloudProperties properties(Map<String, AwsCloudProperties.Pool> pools, Duration runningTimeout) {
		return new AwsCloudProperties("eu-west-1", this.ec2.endpoint(), TEMPLATE, "$Default", pools,
				Duration.ofSeconds(5), Duration.ofSeconds(2), runningTimeout, Duration.ofSeconds(10),
				Duration.ofMillis(50), 4);
	}

	private AwsCloudProvider provider(AwsCloudProperties properties) {
		return new AwsCloudProvider(properties, Ec2Clients.create(properties), this.clock);
	}

}

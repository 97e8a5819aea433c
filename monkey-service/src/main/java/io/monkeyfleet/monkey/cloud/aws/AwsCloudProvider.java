package io.monkeyfleet.monkey.cloud.aws;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import io.monkeyfleet.concurrent.DaemonThreads;
import io.monkeyfleet.monkey.cloud.CloudException;
import io.monkeyfleet.monkey.cloud.CloudProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

/**
 * New hosts are EC2 instances launched from a launch template, surplus ones are
 * terminated. Every call returns once EC2 has accepted it; the wait for the instance to
 * run (or to terminate) is the SDK's waiter on a small pool of background threads, and
 * the progress calls read its outcome. A monkey-service that restarted mid-wait has no
 * outcome to read: it asks EC2 once and, if the instance is still on its way, waits
 * again.
 *
 * <p>
 * A launch's idempotency key is its EC2 client token, so a launch repeated after a
 * timeout, a lost answer or by a new leader gets the instance the first one started, not
 * a second one. Only instances tagged as launched by the gift monkey are ever terminated.
 */
public class AwsCloudProvider implements CloudProvider, AutoCloseable {

	/** The pool the instance was launched for. */
	public static final String POOL_TAG = "monkeyfleet:pool";

	/**
	 * Who launched the instance; the IAM policy lets only such instances be terminated.
	 */
	public static final String LAUNCHED_BY_TAG = "monkeyfleet:launched-by";

	/** {@link #LAUNCHED_BY_TAG}'s value on every instance this provider launches. */
	public static final String LAUNCHED_BY = "monkey:gift";

	/** Why the instance was launched. */
	public static final String REASON_TAG = "monkeyfleet:reason";

	/** EC2's longest tag value, in characters. */
	static final int MAX_TAG_VALUE = 256;

	private static final Logger logger = LoggerFactory.getLogger(AwsCloudProvider.class);

	private static final Pattern INSTANCE_ID = Pattern.compile("i-[0-9a-f]{8,17}");

	private static final String NOT_FOUND = "InvalidInstanceID.NotFound";

	/** Finished waits kept for their outcome to be read; older ones are asked of EC2. */
	private static final int KEPT_WAITS = 256;

	private final AwsCloudProperties properties;

	private final Ec2Client ec2;

	private final Ec2Waiter waiter;

	private final Clock clock;

	private final ExecutorService waitThreads;

	/** Waits for launched instances to run, by instance id. */
	private final Map<String, Future<Progress>> launches = new ConcurrentHashMap<>();

	/** Waits for terminating instances to be gone, by instance id. */
	private final Map<String, Future<Progress>> terminations = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * @param ec2 the client, closed with this provider
	 * @param clock what "now" is when an instance's launch time is judged
	 */
	public AwsCloudProvider(AwsCloudProperties properties, Ec2Client ec2, Clock clock) {
		this.properties = properties;
		this.ec2 = ec2;
		this.waiter = Ec2Waiter.builder().client(ec2).build();
		this.clock = clock;
		this.waitThreads = DaemonThreads.pool("monkey-ec2-wait", properties.maxConcurrentWaits());
	}

	@Override
	public String name() {
		return "aws";
	}

	@Override
	public Launch launch(LaunchRequest request) {
		String pool = request.pool();
		AwsCloudProperties.LaunchTemplate template = this.properties.launchTemplate(pool)
			.orElseThrow(() -> new CloudException(
					"no launch template for pool '" + pool + "': set " + AwsCloudProperties.PREFIX + ".pools." + pool
							+ ".launch-template-id or " + AwsCloudProperties.PREFIX + ".launch-template-id"));
		List<Tag> tags = List.of(tag("Name", "monkeyfleet-" + pool), tag(POOL_TAG, pool),
				tag(LAUNCHED_BY_TAG, LAUNCHED_BY), tag(REASON_TAG, request.reason()));
		RunInstancesResponse response = call("RunInstances for pool '" + pool + "'",
				() -> this.ec2.runInstances((run) -> run
					.launchTemplate((spec) -> spec.launchTemplateId(template.id()).version(template.version()))
					.minCount(1)
					.maxCount(1)
					.clientToken(request.idempotencyKey())
					// IMDSv2 only: a token is needed to read the instance's role
					// credentials, so an SSRF in the app cannot read them.
					.metadataOptions((metadata) -> metadata.httpTokens(HttpTokensState.REQUIRED))
					.tagSpecifications(tagged(ResourceType.INSTANCE, tags), tagged(ResourceType.VOLUME, tags))));
		String instanceId = response.instances()
			.stream()
			.map(Instance::instanceId)
			.findFirst()
			.orElseThrow(() -> new CloudException("EC2 RunInstances for pool '" + pool + "' answered no instance"));
		logger.info("Launched {} for pool {} from {} version {} (client token {})", instanceId, pool, template.id(),
				template.version(), request.idempotencyKey());
		watch(this.launches, instanceId, () -> awaitState(instanceId, Goal.RUNNING, this.properties.runningTimeout()));
		return new Launch(instanceId, instanceId, instanceId);
	}

	@Override
	public Progress launchProgress(Launch launch) {
		String instanceId = (launch.instanceId() != null) ? launch.instanceId() : launch.operationId();
		Future<Progress> wait = this.launches.get(instanceId);
		if (wait != null) {
			return progress(wait, "waiting for instance " + instanceId + " to run");
		}
		// No wait here (this replica restarted, or took over): ask EC2.
		Optional<Instance> found;
		try {
			found = describe(instanceId);
		}
		catch (SdkException ex) {
			return Progress.running("could not ask EC2 about instance " + instanceId + ", will ask again: "
					+ explain(ex, "DescribeInstances"));
		}
		if (found.isEmpty()) {
			return Progress.failed("EC2 does not know instance " + instanceId);
		}
		Instance instance = found.get();
		InstanceStateName state = instance.state().name();
		if (state == InstanceStateName.RUNNING) {
			return Progress.succeeded(running(instance));
		}
		if (state != InstanceStateName.PENDING) {
			return Progress.failed(unexpected(instance, Goal.RUNNING));
		}
		Instant launched = (instance.launchTime() != null) ? instance.launchTime() : this.clock.instant();
		Duration left = Duration.between(this.clock.instant(), launched.plus(this.properties.runningTimeout()));
		if (left.isNegative() || left.isZero()) {
			return Progress.failed("instance " + instanceId + " is still pending "
					+ human(this.properties.runningTimeout()) + " after its launch");
		}
		watch(this.launches, instanceId, () -> awaitState(instanceId, Goal.RUNNING, left));
		return Progress.running("instance " + instanceId + " is pending");
	}

	@Override
	public String terminate(TerminateRequest request) {
		String instanceId = (request.instanceId() != null) ? request.instanceId() : request.hostId();
		if (!INSTANCE_ID.matcher(instanceId).matches()) {
			throw new CloudException("'" + instanceId + "' is not an EC2 instance id, so the aws cloud provider "
					+ "cannot terminate host " + request.hostId());
		}
		Instance instance = call("DescribeInstances " + instanceId, () -> describe(instanceId))
			.orElseThrow(() -> new CloudException("EC2 does not know instance " + instanceId + " (yet)"));
		if (instance.state().name() == InstanceStateName.TERMINATED) {
			return instanceId;
		}
		// The IAM policy should say the same; checking here as well means a wrong id
		// never terminates a machine the monkeys did not launch, whatever the policy.
		boolean ours = instance.tags()
			.stream()
			.anyMatch((tag) -> tag.key().equals(LAUNCHED_BY_TAG) && tag.value().equals(LAUNCHED_BY));
		if (!ours) {
			throw new CloudException("refusing to terminate instance " + instanceId + ": it has no " + LAUNCHED_BY_TAG
					+ "=" + LAUNCHED_BY + " tag, so the gift monkey did not launch it");
		}
		// TerminateInstances takes no client token and needs none: terminating a
		// terminating instance again changes nothing.
		call("TerminateInstances " + instanceId,
				() -> this.ec2.terminateInstances((terminate) -> terminate.instanceIds(instanceId)));
		logger.info("Terminating {} (host {}): {}", instanceId, request.hostId(), request.reason());
		watch(this.terminations, instanceId,
				() -> awaitState(instanceId, Goal.TERMINATED, this.properties.terminatedTimeout()));
		return instanceId;
	}

	@Override
	public Progress terminationProgress(String operationId) {
		Future<Progress> wait = this.terminations.get(operationId);
		if (wait != null) {
			return progress(wait, "waiting for instance " + operationId + " to terminate");
		}
		Optional<Instance> found;
		try {
			found = describe(operationId);
		}
		catch (SdkException ex) {
			return Progress.running("could not ask EC2 about instance " + operationId + ", will ask again: "
					+ explain(ex, "DescribeInstances"));
		}
		if (found.isEmpty()) {
			// EC2 forgets terminated instances after about an hour.
			return Progress.succeeded("instance " + operationId + " is gone");
		}
		InstanceStateName state = found.get().state().name();
		if (state == InstanceStateName.TERMINATED) {
			return Progress.succeeded("instance " + operationId + " is terminated");
		}
		if (state != InstanceStateName.SHUTTING_DOWN) {
			return Progress.failed(unexpected(found.get(), Goal.TERMINATED));
		}
		watch(this.terminations, operationId,
				() -> awaitState(operationId, Goal.TERMINATED, this.properties.terminatedTimeout()));
		return Progress.running("instance " + operationId + " is shutting down");
	}

	/** Stops waiting and closes the EC2 client. */
	@Override
	public void close() {
		this.closed = true;
		DaemonThreads.shutdown(this.waitThreads, Duration.ofSeconds(2));
		this.waiter.close();
		this.ec2.close();
	}

	/** What a wait is for. */
	private enum Goal {

		RUNNING(InstanceStateName.RUNNING, InstanceStateName.PENDING),

		TERMINATED(InstanceStateName.TERMINATED, InstanceStateName.SHUTTING_DOWN);

		private final InstanceStateName reached;

		private final InstanceStateName onTheWay;

		Goal(InstanceStateName reached, InstanceStateName onTheWay) {
			this.reached = reached;
			this.onTheWay = onTheWay;
		}

		String word() {
			return this.reached.toString();
		}

	}

	/**
	 * Starts a wait for the instance, unless one is under way or has succeeded; a failed
	 * one is replaced, so a repeated call waits afresh.
	 */
	private void watch(Map<String, Future<Progress>> waits, String instanceId, Supplier<Progress> wait) {
		try {
			waits.compute(instanceId, (id, earlier) -> (earlier != null && !failed(earlier)) ? earlier
					: this.waitThreads.submit(wait::get));
		}
		catch (RejectedExecutionException ex) {
			// Closing: the next replica asks EC2.
			return;
		}
		if (waits.size() > KEPT_WAITS) {
			waits.values().removeIf(Future::isDone);
		}
	}

	/**
	 * Waits with the SDK's waiter until the instance reaches the goal, fails on the way
	 * (EC2 terminated a pending instance) or the time is up. The waiter sleeps real time,
	 * so the deadline is kept in real time too. A failed EC2 call does not end the wait:
	 * the instance is asked about again after a poll interval, until the deadline.
	 */
	private Progress awaitState(String instanceId, Goal goal, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Duration poll = this.properties.pollInterval();
		while (true) {
			Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
			WaiterOverrideConfiguration waiting = WaiterOverrideConfiguration.builder()
				.waitTimeout(left)
				.maxAttempts(Integer.MAX_VALUE)
				.backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(poll))
				.build();
			DescribeInstancesRequest describe = DescribeInstancesRequest.builder().instanceIds(instanceId).build();
			SdkException failure;
			try {
				if (goal == Goal.TERMINATED) {
					this.waiter.waitUntilInstanceTerminated(describe, waiting);
					return Progress.succeeded("instance " + instanceId + " is terminated");
				}
				Optional<Instance> running = this.waiter.waitUntilInstanceRunning(describe, waiting)
					.matched()
					.response()
					.flatMap((response) -> find(response, instanceId));
				return Progress
					.succeeded(running.map(AwsCloudProvider::running).orElse("instance " + instanceId + " is running"));
			}
			catch (SdkException ex) {
				failure = ex;
			}
			if (this.closed) {
				return Progress.running("stopped waiting for instance " + instanceId + ": closing");
			}
			// The waiter's own message says which acceptor matched, not what happened:
			// ask EC2 what state the instance is in.
			Instance instance = null;
			boolean unknown = false;
			try {
				Optional<Instance> found = describe(instanceId);
				instance = found.orElse(null);
				unknown = found.isEmpty();
			}
			catch (SdkException ex) {
				failure = ex;
			}
			if (unknown && goal == Goal.TERMINATED) {
				return Progress.succeeded("instance " + instanceId + " is gone");
			}
			if (instance != null) {
				InstanceStateName state = instance.state().name();
				if (state == goal.reached) {
					return Progress.succeeded((goal == Goal.RUNNING) ? running(instance)
							: "instance " + instanceId + " is " + goal.word());
				}
				if (state != goal.onTheWay) {
					return Progress.failed(unexpected(instance, goal));
				}
			}
			if (deadline - System.nanoTime() <= poll.toNanos()) {
				if (instance != null) {
					return Progress.failed("instance " + instanceId + " is still " + goal.onTheWay + " after "
							+ human(timeout) + ", not " + goal.word());
				}
				return Progress
					.failed("instance " + instanceId + " was not seen " + goal.word() + " within " + human(timeout)
							+ ": " + (unknown ? "EC2 does not know it" : explain(failure, "DescribeInstances")));
			}
			if (!pause(poll)) {
				return Progress.running("stopped waiting for instance " + instanceId + ": interrupted");
			}
		}
	}

	private Optional<Instance> describe(String instanceId) {
		try {
			return find(this.ec2.describeInstances((describe) -> describe.instanceIds(instanceId)), instanceId);
		}
		catch (AwsServiceException ex) {
			if (ex.awsErrorDetails() != null && NOT_FOUND.equals(ex.awsErrorDetails().errorCode())) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	private static Optional<Instance> find(DescribeInstancesResponse response, String instanceId) {
		return response.reservations()
			.stream()
			.flatMap((reservation) -> reservation.instances().stream())
			.filter((instance) -> instanceId.equals(instance.instanceId()))
			.findFirst();
	}

	private static <T> T call(String what, Supplier<T> request) {
		try {
			return request.get();
		}
		catch (SdkException ex) {
			throw new CloudException(explain(ex, what), ex);
		}
	}

	/** One line for events and alerts: EC2's error code and message, or the SDK's. */
	static String explain(SdkException ex, String what) {
		if (ex instanceof AwsServiceException service && service.awsErrorDetails() != null
				&& service.awsErrorDetails().errorCode() != null) {
			return oneLine("EC2 " + what + " refused: " + service.awsErrorDetails().errorCode() + ": "
					+ service.awsErrorDetails().errorMessage() + " (HTTP " + service.statusCode() + ", request "
					+ service.requestId() + ")");
		}
		return oneLine("EC2 " + what + " failed: " + ex.getMessage());
	}

	private static Progress progress(Future<Progress> wait, String waiting) {
		if (!wait.isDone()) {
			return Progress.running(waiting);
		}
		try {
			return wait.get();
		}
		catch (ExecutionException ex) {
			return Progress.failed(oneLine(waiting + " failed: " + ex.getCause().getMessage()));
		}
		catch (CancellationException ex) {
			return Progress.running(waiting);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Progress.running(waiting);
		}
	}

	private static boolean failed(Future<Progress> wait) {
		if (!wait.isDone()) {
			return false;
		}
		try {
			return wait.get().state() != Progress.State.SUCCEEDED;
		}
		catch (ExecutionException | CancellationException ex) {
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String running(Instance instance) {
		return "instance " + instance.instanceId() + " is running"
				+ ((instance.privateIpAddress() != null) ? " at " + instance.privateIpAddress() : "");
	}

	private static String unexpected(Instance instance, Goal goal) {
		String reason = (instance.stateReason() != null && instance.stateReason().message() != null)
				? " (" + instance.stateReason().message() + ")" : "";
		return oneLine("instance " + instance.instanceId() + " is " + instance.state().name() + ", not "
				+ ((goal == Goal.RUNNING) ? "running" : "terminating") + reason);
	}

	private static Tag tag(String key, String value) {
		return Tag.builder().key(key).value(tagValue(value)).build();
	}

	/** The value cut to EC2's limit, never between the halves of a surrogate pair. */
	static String tagValue(String value) {
		if (value.length() <= MAX_TAG_VALUE) {
			return value;
		}
		int end = Character.isHighSurrogate(value.charAt(MAX_TAG_VALUE - 1)) ? MAX_TAG_VALUE - 1 : MAX_TAG_VALUE;
		return value.substring(0, end);
	}

	private static TagSpecification tagged(ResourceType type, List<Tag> tags) {
		return TagSpecification.builder().resourceType(type).tags(tags).build();
	}

	/** "10m", "1h30m", "0.5s": a duration as the configuration spells it. */
	private static String human(Duration duration) {
		return duration.toString().substring(2).toLowerCase(Locale.ROOT);
	}

	private static String oneLine(String text) {
		return text.replaceAll("\\s+", " ").trim();
	}

	/**
	 * @return false when interrupted (the provider is closing)
	 */
	private static boolean pause(Duration duration) {
		try {
			TimeUnit.NANOSECONDS.sleep(duration.toNanos());
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}

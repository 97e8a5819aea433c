package io.monkeyfleet.provisioner.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.monkeyfleet.provisioner.TestRedis;
import io.monkeyfleet.provisioner.boot.BootMarkerCheck;
import io.monkeyfleet.provisioner.boot.BootProperties;
import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.Drivers;
import io.monkeyfleet.provisioner.drivers.HostDriver;
import io.monkeyfleet.provisioner.drivers.Operation;
import io.monkeyfleet.provisioner.drivers.StepContext;
import io.monkeyfleet.provisioner.health.HealthCheckProperties;
import io.monkeyfleet.provisioner.health.HttpProbe;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.Inventory;
import io.monkeyfleet.provisioner.inventory.InventoryProperties;
import io.monkeyfleet.provisioner.inventory.LocalSettings;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The job engine on a real Redis with a driver that the test holds at a step: leases,
 * cancels and unexpected failures.
 */
class JobEngineIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	private static final JobProperties PROPERTIES = new JobProperties(2, Duration.ofSeconds(1), Duration.ofDays(1),
			Duration.ofHours(1), 4000, 100);

	private final HeldDriver driver = new HeldDriver();

	private StringRedisTemplate template;

	private JobStore store;

	private JobEngine engine;

	@BeforeEach
	void setUp() {
		this.template = TestRedis.template(redis);
		this.template.getConnectionFactory().getConnection().serverCommands().flushAll();
		this.store = new JobStore(this.template, new KeySchema("mf:"), new FleetCodec(), Clock.systemUTC(), PROPERTIES);
		HostDefinition host = new HostDefinition("h1", DriverKind.LOCAL, "127.0.0.1:9", "/health", List.of(),
				new LocalSettings(List.of(), Duration.ZERO), null, null, null);
		Inventory inventory = new Inventory(new InventoryProperties(List.of(host), List.of()), this.template,
				new KeySchema("mf:"), new FleetCodec());
		StepRunner steps = new StepRunner(inventory, new Drivers(List.of(this.driver)),
				new HttpProbe(Duration.ofSeconds(1)),
				new HealthCheckProperties(Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofSeconds(1)),
				new BootMarkerCheck((node) -> Optional.empty(),
						new BootProperties(Duration.ofSeconds(5), Duration.ofMillis(50))));
		this.engine = new JobEngine(this.store, steps, Clock.systemUTC(), PROPERTIES, "provisioner-a");
	}

	@AfterEach
	void tearDown() {
		this.driver.release.countDown();
		this.engine.close();
	}

	@Test
	void aProvisionerThatLostTheLeaseStopsAndNeverOverwritesTheNewHolder() throws Exception {
		Job job = submit(Action.STOP, Action.START);
		this.engine.start();
		this.engine.enqueue(job.id());
		assertThat(this.driver.entered.await(10, TimeUnit.SECONDS)).isTrue();

		// Another provisioner takes the job over (as after a pause longer than the
		// lease).
		this.template.delete("mf:prov:job:" + job.id() + ":lease");
		assertThat(this.store.claimLease(job.id(), "provisioner-b")).isTrue();

		await().atMost(Duration.ofSeconds(10)).until(() -> this.engine.runningHere().isEmpty());
		Job stored = this.store.find(job.id()).orElseThrow();
		assertThat(stored.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(stored.steps().get(0).status()).isEqualTo(StepStatus.RUNNING);
		assertThat(this.template.opsForValue().get("mf:prov:job:" + job.id() + ":lease")).isEqualTo("provisioner-b");
		assertThat(this.store.activeJobIds()).contains(job.id());
	}

	@Test
	void aJobCancelledBeforeItStartsNeverRunsAStep() {
		Job job = submit(Action.STOP);
		this.store.requestCancel(job.id());

		this.engine.start();

		Job finished = awaitFinished(job.id());
		assertThat(finished.status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(finished.message()).isEqualTo("cancelled before it started");
		assertThat(finished.steps().get(0).status()).isEqualTo(StepStatus.SKIPPED);
		assertThat(this.driver.entered.getCount()).isEqualTo(1);
	}

	@Test
	void cancellingARunningJobStopsItsStepAtTheNextCheck() throws Exception {
		Job job = submit(Action.STOP, Action.START);
		this.engine.start();
		this.engine.enqueue(job.id());
		assertThat(this.driver.entered.await(10, TimeUnit.SECONDS)).isTrue();

		this.engine.cancel(job.id());

		Job finished = awaitFinished(job.id());
		assertThat(finished.status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(finished.steps()).extracting(Step::status).containsExactly(StepStatus.FAILED, StepStatus.SKIPPED);
		assertThat(this.store.activeJobIds()).doesNotContain(job.id());
	}

	@Test
	void anUnexpectedErrorInAStepFailsTheJobWithItsMessage() {
		Job job = submit(Action.DEPLOY, Action.START);
		this.engine.start();
		this.engine.enqueue(job.id());

		Job finished = awaitFinished(job.id());
		assertThat(finished.status()).isEqualTo(JobStatus.FAILED);
		assertThat(finished.message()).isEqualTo("'deploy h1' failed: the disk is full");
		assertThat(finished.steps()).extracting(Step::status).containsExactly(StepStatus.FAILED, StepStatus.SKIPPED);
	}

	private Job submit(Action... actions) {
		JobPlanner.StepList steps = new JobPlanner.StepList();
		for (Action action : actions) {
			steps.add(action, "h1", Map.of());
		}
		Job job = new Job("j-engine-" + String.format("%010d", System.nanoTime() % 10_000_000_000L), JobType.RESTART,
				JobStatus.QUEUED, List.of("h1"), Map.of(), steps.steps(), 1, "test", null, Instant.now(), null, null,
				null, Map.of(), 0);
		assertThat(this.store.submit(job, null, "r")).isInstanceOf(SubmitOutcome.Accepted.class);
		return job;
	}

	private Job awaitFinished(String jobId) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.store.find(jobId).map((job) -> job.status().finished()).orElse(false));
		return this.store.find(jobId).orElseThrow();
	}

	/** Holds every STOP step until released (checking for cancels); DEPLOY throws. */
	private static final class HeldDriver implements HostDriver {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public DriverKind kind() {
			return DriverKind.LOCAL;
		}

		@Override
		public List<Action> plan(Operation operation, HostDefinition host) {
			return List.of();
		}

		@Override
		public void execute(Action action, HostDefinition host, HostDefinition source, StepContext context) {
			if (action == Action.DEPLOY) {
				throw new IllegalStateException("the disk is full");
			}
			if (action == Action.STOP) {
				this.entered.countDown();
				while (this.release.getCount() > 0) {
					context.pause(Duration.ofMillis(50));
				}
			}
		}

	}

}

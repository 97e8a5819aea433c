package io.monkeyfleet.provisioner.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.monkeyfleet.provisioner.TestRedis;
import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** The job store's atomic scripts on a real Redis. */
class JobStoreIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	private static final JobProperties PROPERTIES = new JobProperties(1, Duration.ofSeconds(5), Duration.ofDays(1),
			Duration.ofHours(1), 4000, 100);

	private StringRedisTemplate template;

	private JobStore store;

	private int sequence;

	@BeforeEach
	void setUp() {
		this.template = TestRedis.template(redis);
		this.template.getConnectionFactory().getConnection().serverCommands().flushAll();
		this.store = newStore();
	}

	@Test
	void refusesAFencingTokenOlderThanTheNewestSeenComparingWholeNumbersExactly() {
		assertThat(this.store.submit(job("a", 10), null, "r")).isInstanceOf(SubmitOutcome.Accepted.class);
		// "9" sorts after "10" as text; the script compares numbers.
		assertThat(this.store.submit(job("b", 9), null, "r")).isEqualTo(new SubmitOutcome.StaleToken(10));
		assertThat(this.store.submit(job("c", 10), null, "r")).as("the same holder again")
			.isInstanceOf(SubmitOutcome.Accepted.class);
		assertThat(this.store.submit(job("d", Long.MAX_VALUE), null, "r")).isInstanceOf(SubmitOutcome.Accepted.class);
		assertThat(this.store.submit(job("e", Long.MAX_VALUE - 1), null, "r"))
			.isEqualTo(new SubmitOutcome.StaleToken(Long.MAX_VALUE));
	}

	@Test
	void theNewestTokenIsSharedByEveryProvisionerOnTheRedisAndOutlivesThem() {
		assertThat(this.store.checkFencingToken(41)).isEmpty();
		assertThat(this.store.checkFencingToken(42)).isEmpty();

		JobStore anotherReplica = newStore();
		assertThat(anotherReplica.checkFencingToken(41)).contains(42L);
		assertThat(anotherReplica.submit(job("a", 40), null, "r")).isEqualTo(new SubmitOutcome.StaleToken(42));
	}

	@Test
	void concurrentCallersCannotSlipAnOldTokenPastANewerOne() throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Callable<SubmitOutcome>> calls = new ArrayList<>();
			for (int token = 1; token <= 200; token++) {
				Job job = job("h" + token, token);
				calls.add(() -> this.store.submit(job, null, "r"));
			}
			List<Future<SubmitOutcome>> outcomes = threads.invokeAll(calls);
			// Nothing is newer than 200, so whatever the interleaving it is accepted; and
			// once it is, the newest token never goes back.
			assertThat(outcomes.get(199).get()).isInstanceOf(SubmitOutcome.Accepted.class);
			for (Future<SubmitOutcome> outcome : outcomes) {
				assertThat(outcome.get()).isInstanceOfAny(SubmitOutcome.Accepted.class, SubmitOutcome.StaleToken.class);
			}
			assertThat(this.template.opsForValue().get("mf:prov:fencing-token")).isEqualTo("200");
			assertThat(this.store.checkFencingToken(199)).contains(200L);
		}
		finally {
			threads.shutdownNow();
		}
	}

	@Test
	void anIdempotencyKeyReplaysItsJobAndRefusesADifferentRequest() {
		JobStore.IdempotencyKey key = new JobStore.IdempotencyKey("monkey", "ab12");
		Job first = job("a", 1);
		assertThat(this.store.submit(first, key, "POST /hosts/a/reboot")).isInstanceOf(SubmitOutcome.Accepted.class);

		SubmitOutcome retry = this.store.submit(job("a", 1), key, "POST /hosts/a/reboot");
		assertThat(retry).isEqualTo(new SubmitOutcome.Replayed(first));

		assertThat(this.store.submit(job("b", 1), key, "POST /hosts/b/reboot"))
			.isEqualTo(new SubmitOutcome.KeyReused(first.id()));
		assertThat(
				this.store.submit(job("b", 1), new JobStore.IdempotencyKey("operator", "ab12"), "POST /hosts/b/reboot"))
			.as("keys are per caller")
			.isInstanceOf(SubmitOutcome.Accepted.class);
		assertThat(this.store.activeJobIds()).hasSize(2);
	}

	@Test
	void aHostHeldByAnActiveJobIsBusyUntilThatJobFinishes() {
		Job first = job("a", 1);
		this.store.submit(first, null, "r");
		assertThat(this.store.submit(job("a", 1), null, "r")).isEqualTo(new SubmitOutcome.HostBusy("a", first.id()));

		assertThat(this.store.claimLease(first.id(), "me")).isTrue();
		assertThat(this.store.finish(first.finished(JobStatus.SUCCEEDED, Instant.now(), "done"), "me")).isTrue();
		assertThat(this.store.submit(job("a", 1), null, "r")).isInstanceOf(SubmitOutcome.Accepted.class);
		assertThat(this.store.find(first.id())).map(Job::status).contains(JobStatus.SUCCEEDED);
	}

	@Test
	void onlyTheLeaseHolderCanWriteAJob() {
		Job job = job("a", 1);
		this.store.submit(job, null, "r");
		assertThat(this.store.claimLease(job.id(), "provisioner-1")).isTrue();
		assertThat(this.store.claimLease(job.id(), "provisioner-2")).isFalse();

		Job running = job.running(Instant.now());
		assertThat(this.store.save(running, "provisioner-2")).isFalse();
		assertThat(this.store.finish(running.finished(JobStatus.FAILED, Instant.now(), "x"), "provisioner-2"))
			.isFalse();
		assertThat(this.store.find(job.id())).map(Job::status).contains(JobStatus.QUEUED);

		assertThat(this.store.save(running, "provisioner-1")).isTrue();
		assertThat(this.store.renewLease(job.id(), "provisioner-2")).isFalse();
		this.store.releaseLease(job.id(), "provisioner-1");
		assertThat(this.store.claimLease(job.id(), "provisioner-2")).isTrue();
	}

	@Test
	void listsTheNewestJobsFirstFilteredByStatusAndHost() {
		Job older = job("a", 1);
		this.store.submit(older, null, "r");
		Job newer = new Job("j-newer-0000000000", JobType.RESTART, JobStatus.QUEUED, List.of("b"), Map.of(),
				older.steps(), 1, "monkey", null, older.createdAt().plusSeconds(1), null, null, null, Map.of(), 0);
		this.store.submit(newer, null, "r");

		assertThat(this.store.list(null, null, 10)).extracting(Job::id).containsExactly(newer.id(), older.id());
		assertThat(this.store.list(null, "a", 10)).extracting(Job::id).containsExactly(older.id());
		assertThat(this.store.list(JobStatus.RUNNING, null, 10)).isEmpty();
		assertThat(this.store.list(null, null, 1)).extracting(Job::id).containsExactly(newer.id());
	}

	private JobStore newStore() {
		return new JobStore(this.template, new KeySchema("mf:"), new FleetCodec(), Clock.systemUTC(), PROPERTIES);
	}

	private Job job(String host, long token) {
		return new Job("j-" + host + "-" + String.format("%010d", ++this.sequence), JobType.REBOOT, JobStatus.QUEUED,
				List.of(host), Map.of(),
				List.of(Step.pending(0, "restart " + host, Action.RESTART_SERVICES, host, Map.of(), false)), token,
				"monkey", null, Instant.parse("2026-11-24T10:00:00Z"), null, null, null, Map.of(), 0);
	}

}

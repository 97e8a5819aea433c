package io.monkeyfleet.monkey.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.monkeyfleet.concurrent.DaemonThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * A provisioner that answers late or never must not hold the caller (a tick) past the
 * wait, must be asked one thing at a time until it answers, and must not be asked twice
 * for the same thing.
 */
class TimeBoxedProvisionerTests {

	private static final Duration WAIT = Duration.ofMillis(100);

	/** Far more than WAIT: a caller held this long was held by the provisioner. */
	private static final Duration HELD = Duration.ofSeconds(10);

	private final HangingProvisioner hanging = new HangingProvisioner();

	private final TimeBoxedProvisioner provisioner = new TimeBoxedProvisioner(this.hanging, WAIT,
			DaemonThreads.pool("test-provisioner-call", 2), System::nanoTime);

	@AfterEach
	void release() {
		this.hanging.answer.countDown();
		this.provisioner.close();
	}

	@Test
	void aPromptAnswerIsReturnedAsItIs() {
		this.hanging.answer.countDown();
		assertThat(this.provisioner.reboot("node-1", 7, "key-1", "hot")).isEqualTo("job-for-key-1");
		assertThat(this.provisioner.job("job-1")).isEqualTo(Provisioner.JobState.SUCCEEDED);
		assertThat(this.hanging.asked).containsExactly("reboot key-1", "job job-1");
	}

	@Test
	void aCallWithNoAnswerEndsAfterTheWaitAndOtherCallsAreNotStartedMeanwhile() {
		assertTimeoutPreemptively(HELD, () -> {
			assertThatExceptionOfType(ProvisionerException.class)
				.isThrownBy(() -> this.provisioner.reboot("node-1", 7, "key-1", "hot"))
				.withMessageContaining("no answer within 100 ms")
				.matches((ex) -> !ex.staleFencingToken() && ex.unanswered());
			assertThatExceptionOfType(ProvisionerException.class)
				.isThrownBy(() -> this.provisioner.reboot("node-2", 7, "key-2", "hot"))
				.withMessageContaining("not asked, the provisioner has not answered reboot node-1")
				.matches(ProvisionerException::unanswered);
			assertThatExceptionOfType(ProvisionerException.class).isThrownBy(() -> this.provisioner.job("job-9"))
				.withMessageContaining("not asked");
			// The same call again: no second request, and no second wait either.
			assertThatExceptionOfType(ProvisionerException.class)
				.isThrownBy(() -> this.provisioner.reboot("node-1", 7, "key-1", "hot"))
				.withMessageContaining("still no answer")
				.matches(ProvisionerException::unanswered);
		});
		assertThat(this.hanging.asked).containsExactly("reboot key-1");
		assertThat(this.provisioner.unanswered()).isOne();
	}

	@Test
	void anAnswerThatComesLateIsGivenToTheSameCallLaterWithoutAskingAgain() {
		assertThatExceptionOfType(ProvisionerException.class)
			.isThrownBy(() -> this.provisioner.reboot("node-1", 7, "key-1", "hot"));
		this.hanging.answer.countDown();
		await().atMost(HELD).until(() -> this.provisioner.unanswered() == 0);
		assertThat(this.provisioner.reboot("node-1", 7, "key-1", "hot")).isEqualTo("job-for-key-1");
		// Claimed: the next call with that key is a new request (the provisioner's
		// idempotency key makes it return the same job).
		assertThat(this.provisioner.reboot("node-1", 7, "key-1", "hot")).isEqualTo("job-for-key-1");
		assertThat(this.hanging.asked).containsExactly("reboot key-1", "reboot key-1");
	}

	@Test
	void aRefusalThatComesLateIsThrownAsItIsToTheSameCallLater() {
		this.hanging.refuseStale = true;
		assertThatExceptionOfType(ProvisionerException.class)
			.isThrownBy(() -> this.provisioner.reboot("node-1", 7, "key-1", "hot"))
			.matches((ex) -> !ex.staleFencingToken());
		this.hanging.answer.countDown();
		await().atMost(HELD).until(() -> this.provisioner.unanswered() == 0);
		assertThatExceptionOfType(ProvisionerException.class)
			.isThrownBy(() -> this.provisioner.reboot("node-1", 7, "key-1", "hot"))
			.matches((ex) -> ex.staleFencingToken() && !ex.unanswered());
		// Once the stalled call ended, calls are started again.
		this.hanging.refuseStale = false;
		assertThat(this.provisioner.terminate("node-2", 7, "key-2", "idle")).isEqualTo("job-for-key-2");
	}

	/** Answers only once {@link #answer} is counted down. */
	private static final class HangingProvisioner implements Provisioner {

		final CountDownLatch answer = new CountDownLatch(1);

		final List<String> asked = new CopyOnWriteArrayList<>();

		volatile boolean refuseStale;

		private String job(String what, String key) {
			this.asked.add(what + " " + key);
			try {
				if (!this.answer.await(HELD.toMillis(), TimeUnit.MILLISECONDS)) {
					throw new ProvisionerException(what + ": read timed out", false, null);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ProvisionerException(what + ": interrupted", false, ex);
			}
			if (this.refuseStale) {
				throw new ProvisionerException(what + ": 409 stale-fencing-token", true, null);
			}
			return "job-for-" + key;
		}

		@Override
		public String reboot(String hostId, long fencingToken, String idempotencyKey, String reason) {
			return job("reboot", idempotencyKey);
		}

		@Override
		public LaunchJob launch(String template, long fencingToken, String idempotencyKey, String reason) {
			return new LaunchJob(job("launch", idempotencyKey), "host-new");
		}

		@Override
		public String terminate(String hostId, long fencingToken, String idempotencyKey, String reason) {
			return job("terminate", idempotencyKey);
		}

		@Override
		public String migrate(String sourceHostId, String targetHostId, long fencingToken, String idempotencyKey,
				String reason) {
			return job("migrate", idempotencyKey);
		}

		@Override
		public String restart(String hostId, String smokeTestPath, long fencingToken, String idempotencyKey,
				String reason) {
			return job("restart", idempotencyKey);
		}

		@Override
		public JobState job(String jobId) {
			job("job", jobId);
			return JobState.SUCCEEDED;
		}

	}

}

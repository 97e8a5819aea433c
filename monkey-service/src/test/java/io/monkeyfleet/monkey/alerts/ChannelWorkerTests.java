package io.monkeyfleet.monkey.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static io.monkeyfleet.monkey.alerts.TestAlerts.START;
import static io.monkeyfleet.monkey.alerts.TestAlerts.quarantined;
import static org.assertj.core.api.Assertions.assertThat;

class ChannelWorkerTests {

	private static final RetryPolicy THREE_ATTEMPTS = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(3));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<Duration> pauses = new ArrayList<>();

	@Test
	void retriesAFailedSendWithDoublingBackoffAndCountsItSentOnce() throws InterruptedException {
		RecordingChannel channel = new RecordingChannel("mail", 2);
		ChannelWorker worker = worker(channel, 10, THREE_ATTEMPTS);
		worker.submit(notification("flaky"));
		worker.deliverPending();
		assertThat(channel.attempts()).isEqualTo(3);
		assertThat(channel.summaries()).containsExactly("flaky");
		assertThat(this.pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(3));
		assertThat(count("monkeyfleet.alerts.sent", "mail")).isOne();
		assertThat(count("monkeyfleet.alerts.failed", "mail")).isZero();
	}

	@Test
	void givesUpAfterTheLastAttemptCountsTheFailureAndGoesOnWithTheNext() throws InterruptedException {
		RecordingChannel channel = new RecordingChannel("webhook", 3);
		ChannelWorker worker = worker(channel, 10, THREE_ATTEMPTS);
		worker.submit(notification("lost"));
		worker.submit(notification("next"));
		worker.deliverPending();
		assertThat(channel.attempts()).isEqualTo(4);
		assertThat(channel.summaries()).containsExactly("next");
		assertThat(count("monkeyfleet.alerts.failed", "webhook")).isOne();
		assertThat(count("monkeyfleet.alerts.sent", "webhook")).isOne();
	}

	@Test
	void aFullChannelQueueDropsItsOldestNotificationAndCountsIt() throws InterruptedException {
		RecordingChannel channel = new RecordingChannel("mail");
		ChannelWorker worker = worker(channel, 2, THREE_ATTEMPTS);
		worker.submit(notification("oldest"));
		worker.submit(notification("middle"));
		worker.submit(notification("newest"));
		worker.deliverPending();
		assertThat(channel.summaries()).containsExactly("middle", "newest");
		assertThat(count("monkeyfleet.alerts.dropped", "mail")).isOne();
	}

	@Test
	void backoffDoublesUpToItsCeiling() {
		RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(3));
		assertThat(List.of(1, 2, 3, 4, 5, 9).stream().map(policy::backoffAfter)).containsExactly(Duration.ofMillis(500),
				Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(3),
				Duration.ofSeconds(3));
	}

	private ChannelWorker worker(AlertChannel channel, int capacity, RetryPolicy retry) {
		return new ChannelWorker(channel, capacity, retry, this.pauses::add, this.registry);
	}

	private double count(String name, String channel) {
		return this.registry.get(name).tag("channel", channel).counter().count();
	}

	private static Notification notification(String summary) {
		return Notification.immediate(quarantined("n1", START, summary));
	}

}

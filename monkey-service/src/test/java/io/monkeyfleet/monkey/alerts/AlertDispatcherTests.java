package io.monkeyfleet.monkey.alerts;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.monkeyfleet.testsupport.time.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.monkeyfleet.monkey.alerts.TestAlerts.START;
import static io.monkeyfleet.monkey.alerts.TestAlerts.breakerOpen;
import static io.monkeyfleet.monkey.alerts.TestAlerts.quarantined;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The dispatcher's steps, driven one by one on a clock moved by hand: nothing here starts
 * a thread or waits.
 */
class AlertDispatcherTests {

	private static final Duration WINDOW = Duration.ofMinutes(5);

	private final MutableClock clock = new MutableClock(START);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final RecordingChannel mail = new RecordingChannel("mail");

	private final RecordingChannel webhook = new RecordingChannel("webhook");

	private final ChannelWorker mailWorker = worker(this.mail);

	private final ChannelWorker webhookWorker = worker(this.webhook);

	@Test
	void sendsTheFirstAlertOnEveryChannelAndTheRestOfTheWindowAsOneDigest() throws InterruptedException {
		AlertDispatcher alerts = dispatcher(100);
		alerts.raise(quarantined("n1", START, "first"));
		alerts.raise(quarantined("n1", START, "second"));
		alerts.processPending();
		this.clock.advance(Duration.ofMinutes(2));
		alerts.raise(quarantined("n1", this.clock.instant(), "third"));
		alerts.processPending();
		alerts.flushDue();
		deliver();
		assertThat(this.mail.sent()).singleElement().satisfies((sent) -> assertThat(sent.isDigest()).isFalse());
		assertThat(this.registry.get("monkeyfleet.alerts.held").gauge().value()).isEqualTo(2);

		this.clock.advance(Duration.ofMinutes(3));
		alerts.flushDue();
		deliver();
		for (RecordingChannel channel : List.of(this.mail, this.webhook)) {
			assertThat(channel.sent()).hasSize(2);
			assertThat(channel.sent().get(1).isDigest()).isTrue();
			assertThat(channel.summaries()).containsExactly("first", "second", "third");
		}
		assertThat(this.registry.get("monkeyfleet.alerts.held").gauge().value()).isZero();
		assertThat(this.registry.get("monkeyfleet.alerts.raised").counter().count()).isEqualTo(3);
	}

	@Test
	void aFullQueueDropsTheOldestAlertAndCountsIt() throws InterruptedException {
		AlertDispatcher alerts = dispatcher(3);
		for (String pool : List.of("p1", "p2", "p3", "p4", "p5")) {
			alerts.raise(breakerOpen(pool, START, pool));
		}
		alerts.processPending();
		deliver();
		assertThat(this.mail.summaries()).containsExactly("p3", "p4", "p5");
		assertThat(this.registry.get("monkeyfleet.alerts.queue.dropped").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("monkeyfleet.alerts.raised").counter().count()).isEqualTo(5);
	}

	@Test
	void raisingNeverThrowsNotEvenForANullAlert() {
		AlertDispatcher alerts = dispatcher(1);
		assertThatNoException().isThrownBy(() -> {
			alerts.raise(null);
			alerts.raise(quarantined("n1", START, "a"));
			alerts.raise(quarantined("n1", START, "b"));
		});
		assertThat(this.registry.get("monkeyfleet.alerts.raised").counter().count()).isEqualTo(2);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void withNoChannelAlertsAreOnlyLogged(CapturedOutput output) {
		AlertDispatcher alerts = new AlertDispatcher(new AlertGrouper(WINDOW, 100), List.of(), 10,
				Duration.ofSeconds(1), Duration.ofSeconds(1), this.clock, this.registry);
		alerts.raise(quarantined("n1", START, "logged"));
		alerts.processPending();
		assertThat(alerts.channelNames()).isEmpty();
		assertThat(output.getAll()).contains("Alert: CRITICAL node-quarantined on node n1 (pool web): logged");
		assertThat(this.registry.get("monkeyfleet.alerts.raised").counter().count()).isOne();
	}

	@Test
	void closingSendsTheDigestsStillHeldSoNoAlertIsLostWithTheProcess() throws InterruptedException {
		AlertDispatcher alerts = dispatcher(10);
		alerts.raise(quarantined("n1", START, "first"));
		alerts.raise(quarantined("n1", START, "held"));
		alerts.processPending();
		deliver();
		assertThat(this.mail.summaries()).containsExactly("first");

		alerts.raise(quarantined("n1", START, "queued at shutdown"));
		alerts.close();
		deliver();
		assertThat(this.mail.summaries()).containsExactly("first", "held", "queued at shutdown");
		assertThat(this.mail.sent().get(1).isDigest()).isTrue();
	}

	private AlertDispatcher dispatcher(int queueCapacity) {
		return new AlertDispatcher(new AlertGrouper(WINDOW, 100), List.of(this.mailWorker, this.webhookWorker),
				queueCapacity, Duration.ofSeconds(1), Duration.ofSeconds(30), this.clock, this.registry);
	}

	private ChannelWorker worker(RecordingChannel channel) {
		return new ChannelWorker(channel, 100, new RetryPolicy(1, Duration.ZERO, Duration.ZERO), (pause) -> {
		}, this.registry);
	}

	private void deliver() throws InterruptedException {
		this.mailWorker.deliverPending();
		this.webhookWorker.deliverPending();
	}

}

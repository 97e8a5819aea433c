package io.monkeyfleet.monkey.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static io.monkeyfleet.monkey.alerts.TestAlerts.quarantined;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An SMTP server that accepts connections and never answers: raising an alert still
 * returns at once, the webhook still gets every alert, each mail fails after the
 * configured timeout (set by default on Spring Boot's mail sender, nothing in
 * {@code spring.mail.properties}), and the mail worker goes on with the next alert.
 */
class HungMailServerIT {

	private static final Duration MAIL_TIMEOUT = Duration.ofSeconds(2);

	private static final int ATTEMPTS = 2;

	/** What one alert may cost the mail worker: every attempt times out. */
	private static final Duration PER_ALERT = MAIL_TIMEOUT.multipliedBy(ATTEMPTS).plusMillis(100);

	/** Generous slack for a loaded machine. */
	private static final Duration SLACK = Duration.ofSeconds(15);

	@Test
	void aHungMailServerBlocksNeitherTheCallerNorTheWebhookAndEachMailFailsAfterItsTimeout() throws Exception {
		try (SilentSmtpServer smtp = new SilentSmtpServer();
				RecordingWebhook webhook = new RecordingWebhook();
				ConfigurableApplicationContext context = AlertsOnlyApplication.run(Clock.systemUTC(),
						"spring.mail.host=127.0.0.1", "spring.mail.port=" + smtp.port(),
						"monkeyfleet.alerts.mail.enabled=true", "monkeyfleet.alerts.mail.from=monkeys@example.com",
						"monkeyfleet.alerts.mail.to=ops@example.com",
						"monkeyfleet.alerts.mail.timeout=" + MAIL_TIMEOUT.toMillis() + "ms",
						"monkeyfleet.alerts.delivery.max-attempts=" + ATTEMPTS,
						"monkeyfleet.alerts.delivery.initial-backoff=100ms", "monkeyfleet.alerts.webhook.enabled=true",
						"monkeyfleet.alerts.webhook.url=" + webhook.url())) {
			Alerts alerts = context.getBean(Alerts.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);

			alerts.raise(quarantined("n1", Instant.now(), "first"));
			await().atMost(SLACK).until(() -> smtp.accepted() == 1);

			// The mail worker is now stuck waiting for a greeting that never comes.
			long before = System.nanoTime();
			alerts.raise(quarantined("n2", Instant.now(), "second"));
			Duration raising = Duration.ofNanos(System.nanoTime() - before);
			assertThat(raising).isLessThan(MAIL_TIMEOUT.dividedBy(4));

			await().atMost(SLACK).until(() -> webhook.requests().size() == 2);
			assertThat(failed(registry)).as("the webhook did not wait for the mail").isZero();

			long started = System.nanoTime();
			await().atMost(PER_ALERT.plus(SLACK)).until(() -> failed(registry) == 1);
			await().atMost(PER_ALERT.plus(SLACK)).until(() -> failed(registry) == 2);
			Duration bothFailed = Duration.ofNanos(System.nanoTime() - started);
			assertThat(smtp.accepted()).as("every attempt got its own connection").isEqualTo(2 * ATTEMPTS);
			assertThat(bothFailed).as("the second alert waited its turn behind the first")
				.isGreaterThanOrEqualTo(MAIL_TIMEOUT);
			assertThat(registry.get("monkeyfleet.alerts.sent").tag("channel", "webhook").counter().count())
				.isEqualTo(2);
			assertThat(registry.get("monkeyfleet.alerts.sent").tag("channel", "mail").counter().count()).isZero();
		}
	}

	private static double failed(MeterRegistry registry) {
		return registry.get("monkeyfleet.alerts.failed").tag("channel", "mail").counter().count();
	}

}

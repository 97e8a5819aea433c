package io.monkeyfleet.monkey.alerts;

import java.time.Duration;
import java.util.Arrays;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.micrometer.core.instrument.MeterRegistry;
import io.monkeyfleet.testsupport.time.MutableClock;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import static io.monkeyfleet.monkey.alerts.TestAlerts.START;
import static io.monkeyfleet.monkey.alerts.TestAlerts.quarantined;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerts mailed through Spring Boot's mail sender, configured from {@code spring.mail.*}
 * as in production, to a real SMTP server (GreenMail) on a free loopback port.
 */
class AlertMailIT {

	private static final Duration WINDOW = Duration.ofMinutes(5);

	private static final Duration DEADLINE = Duration.ofSeconds(30);

	@RegisterExtension
	static final GreenMailExtension smtp = new GreenMailExtension(
			new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));

	private final MutableClock clock = new MutableClock(START);

	@Test
	void mailsTheFirstAlertAtOnceAndTheRestOfTheWindowAsOneDigest() throws Exception {
		try (ConfigurableApplicationContext context = start("ops@example.com,oncall@example.com")) {
			Alerts alerts = context.getBean(Alerts.class);
			alerts.raise(quarantined("n1", this.clock.instant(), "repair budget exhausted"));

			await().atMost(DEADLINE).until(() -> smtp.getReceivedMessages().length == 2);
			MimeMessage first = smtp.getReceivedMessages()[0];
			String firstSubject = first.getSubject();
			assertThat(firstSubject)
				.isEqualTo("[staging] CRITICAL node-quarantined on node n1 (pool web): repair budget exhausted");
			assertThat(first.getFrom()[0]).hasToString("Monkey Fleet <monkeys@example.com>");
			assertThat(first.getRecipients(Message.RecipientType.TO)).extracting(Object::toString)
				.containsExactly("ops@example.com", "oncall@example.com");
			assertThat((String) first.getContent()).contains("repair budget exhausted")
				.contains("repairs: 3 in 24h")
				.contains("last-cpu: 97.5");

			for (int i = 1; i <= 3; i++) {
				this.clock.advance(Duration.ofMinutes(1));
				alerts.raise(quarantined("n1", this.clock.instant(), "attempt " + i + " refused"));
			}
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			await().atMost(DEADLINE).until(() -> registry.get("monkeyfleet.alerts.held").gauge().value() == 3);
			assertThat(smtp.getReceivedMessages()).hasSize(2);

			this.clock.advance(WINDOW);
			await().atMost(DEADLINE).until(() -> smtp.getReceivedMessages().length == 4);
			// One copy per recipient; GreenMail lists them by mailbox, not by time.
			assertThat(smtp.getReceivedMessages()).extracting(AlertMailIT::subject)
				.containsOnly(firstSubject,
						"[staging] CRITICAL 3 more node-quarantined alerts on node n1 (pool web) in 5m");
			MimeMessage digest = Arrays.stream(smtp.getReceivedMessages())
				.filter((message) -> !subject(message).equals(firstSubject))
				.findFirst()
				.orElseThrow();
			assertThat((String) digest.getContent()).contains("1. 2030-01-01T12:01:00Z CRITICAL")
				.contains("attempt 1 refused")
				.contains("attempt 2 refused")
				.contains("attempt 3 refused");
			// The server has the mail a moment before the sender's call returns and
			// counts it.
			await().atMost(DEADLINE)
				.until(() -> registry.get("monkeyfleet.alerts.sent").tag("channel", "mail").counter().count() == 2);
			assertThat(registry.get("monkeyfleet.alerts.failed").tag("channel", "mail").counter().count()).isZero();
		}
	}

	@Test
	void theMailSenderGetsTimeoutsUnlessSetExplicitly() {
		try (ConfigurableApplicationContext context = start("ops@example.com",
				"spring.mail.properties.mail.smtp.timeout=45000")) {
			JavaMailSenderImpl sender = context.getBean(JavaMailSenderImpl.class);
			assertThat(sender.getSession().getProperties()).containsEntry("mail.smtp.connectiontimeout", "10000")
				.containsEntry("mail.smtp.writetimeout", "10000")
				.containsEntry("mail.smtp.timeout", "45000");
		}
	}

	private static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private ConfigurableApplicationContext start(String recipients, String... more) {
		String[] properties = { "spring.mail.host=127.0.0.1", "spring.mail.port=" + smtp.getSmtp().getPort(),
				"monkeyfleet.alerts.mail.enabled=true",
				"monkeyfleet.alerts.mail.from=Monkey Fleet <monkeys@example.com>",
				"monkeyfleet.alerts.mail.to=" + recipients, "monkeyfleet.alerts.mail.subject-prefix=[staging]",
				"monkeyfleet.alerts.window=" + WINDOW.toMinutes() + "m", "monkeyfleet.alerts.flush-interval=50ms" };
		String[] all = new String[properties.length + more.length];
		System.arraycopy(properties, 0, all, 0, properties.length);
		System.arraycopy(more, 0, all, properties.length, more.length);
		return AlertsOnlyApplication.run(this.clock, all);
	}

}

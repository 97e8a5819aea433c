package io.monkeyfleet.monkey.alerts;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Every rule of the alerts' configuration, checked with {@code new}. */
class AlertsPropertiesTests {

	private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

	@Test
	void mailNeedsASenderAndARecipientOnlyWhenEnabled() {
		assertThat(mail(false, null, List.of()).to()).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> mail(true, null, List.of("ops@example.com")))
			.withMessage("monkeyfleet.alerts.mail.enabled=true needs a sender address in monkeyfleet.alerts.mail.from,"
					+ " for example monkeys@example.com");
		assertThatIllegalArgumentException().isThrownBy(() -> mail(true, " ", List.of("ops@example.com")))
			.withMessageContaining("needs a sender address");
		assertThatIllegalArgumentException().isThrownBy(() -> mail(true, "monkeys@example.com", List.of()))
			.withMessage(
					"monkeyfleet.alerts.mail.enabled=true needs at least one recipient in monkeyfleet.alerts.mail.to,"
							+ " for example ops@example.com");
	}

	@Test
	void mailAddressesMustBeAddressesEvenWhenMailIsOff() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> mail(false, null, List.of("ops@example.com", "not an address")))
			.withMessageStartingWith("monkeyfleet.alerts.mail.to[1] 'not an address' is not an email address");
		assertThatIllegalArgumentException().isThrownBy(() -> mail(false, "a@b.com, c@d.com", List.of()))
			.withMessageStartingWith("monkeyfleet.alerts.mail.from 'a@b.com, c@d.com' is not an email address");
		assertThat(mail(true, "Monkey Fleet <monkeys@example.com>", List.of("ops@localhost")).from())
			.isEqualTo("Monkey Fleet <monkeys@example.com>");
	}

	@Test
	void mailTimeoutMustBePositive() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AlertsProperties.Mail(false, null, null, "[x]", Duration.ZERO))
			.withMessage("monkeyfleet.alerts.mail.timeout must be positive, was PT0S");
	}

	@Test
	void aWebhookUrlMustBeHttpOrHttpsWithAHost() {
		for (String url : List.of("ftp://hooks.example.com/x", "file:///etc/passwd", "http:relative", "hooks")) {
			assertThatIllegalArgumentException().isThrownBy(() -> webhook(true, URI.create(url), Map.of()))
				.withMessage(
						"monkeyfleet.alerts.webhook.url must be an http or https URL with a host, was '" + url + "'");
		}
		assertThat(webhook(true, URI.create("HTTPS://hooks.slack.com/services/T/B/X"), Map.of()).url()).isNotNull();
	}

	@Test
	void anEnabledWebhookNeedsAUrl() {
		assertThatIllegalArgumentException().isThrownBy(() -> webhook(true, null, Map.of()))
			.withMessage("monkeyfleet.alerts.webhook.enabled=true needs monkeyfleet.alerts.webhook.url");
		assertThat(webhook(false, null, Map.of()).enabled()).isFalse();
	}

	@Test
	void webhookHeadersMustBeOnesTheHttpClientMaySet() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> webhook(true, URI.create("https://x.example.com/"), Map.of("Content-Length", "3")))
			.withMessageStartingWith("monkeyfleet.alerts.webhook.headers: 'Content-Length' cannot be set");
	}

	@Test
	void webhookHeaderValuesAreNeverPrinted() {
		AlertsProperties.Webhook webhook = webhook(true, URI.create("https://x.example.com/"),
				Map.of("Authorization", "Bearer s3cret"));
		assertThat(webhook).hasToString(
				"Webhook[enabled=true, url=https://x.example.com/, format=GENERIC, connectTimeout=PT10S, requestTimeout=PT10S, headers={Authorization=******}]");
	}

	@Test
	void windowsAndIntervalsMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> alerts(Duration.ZERO, Duration.ofSeconds(1)))
			.withMessage("monkeyfleet.alerts.window must be positive, was PT0S");
		assertThatIllegalArgumentException().isThrownBy(() -> alerts(Duration.ofMinutes(5), Duration.ofSeconds(-1)))
			.withMessage("monkeyfleet.alerts.flush-interval must be positive, was PT-1S");
	}

	@Test
	void backoffMustNotShrinkAndShutdownGraceMustNotBeNegative() {
		assertThatIllegalArgumentException().isThrownBy(
				() -> new AlertsProperties.Delivery(3, Duration.ofSeconds(2), Duration.ofSeconds(1), 100, TEN_SECONDS))
			.withMessage("monkeyfleet.alerts.delivery.max-backoff (PT1S) must not be shorter than "
					+ "monkeyfleet.alerts.delivery.initial-backoff (PT2S)");
		assertThatIllegalArgumentException().isThrownBy(
				() -> new AlertsProperties.Delivery(3, Duration.ofSeconds(-1), Duration.ofSeconds(1), 100, TEN_SECONDS))
			.withMessageContaining("initial-backoff must not be negative");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> new AlertsProperties.Delivery(3, Duration.ZERO, Duration.ZERO, 100, Duration.ofSeconds(-1)))
			.withMessageContaining("shutdown-grace must not be negative");
	}

	private static AlertsProperties.Mail mail(boolean enabled, String from, List<String> to) {
		return new AlertsProperties.Mail(enabled, from, to, "[monkeyfleet]", TEN_SECONDS);
	}

	private static AlertsProperties.Webhook webhook(boolean enabled, URI url, Map<String, String> headers) {
		return new AlertsProperties.Webhook(enabled, url, AlertsProperties.WebhookFormat.GENERIC, TEN_SECONDS,
				TEN_SECONDS, headers);
	}

	private static AlertsProperties alerts(Duration window, Duration flushInterval) {
		return new AlertsProperties(window, 100, 1000, flushInterval,
				new AlertsProperties.Delivery(3, Duration.ofSeconds(2), Duration.ofMinutes(1), 100, TEN_SECONDS),
				mail(false, null, null), webhook(false, null, null));
	}

}

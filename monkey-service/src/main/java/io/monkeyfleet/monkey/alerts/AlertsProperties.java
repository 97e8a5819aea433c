package io.monkeyfleet.monkey.alerts;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where alerts go and how often ({@code monkeyfleet.alerts.*}). The SMTP server itself
 * (host, port, username, password, TLS) is Spring Boot's {@code spring.mail.*}. Anything
 * wrong stops start-up with one line naming the property.
 *
 * @param window at most one message per group (kind and node, or kind and pool) per
 * window: the first alert of a quiet group goes out at once, the rest of the window's
 * alerts as one digest when it ends
 * @param digestMaxAlerts a digest lists at most this many alerts and counts the rest
 * @param queueCapacity alerts waiting to be grouped; when full, the oldest is dropped
 * (and counted), so raising an alert never waits
 * @param flushInterval how often the alert worker checks for digests that are due
 * @param delivery retries and queueing per channel
 * @param mail alerts by email
 * @param webhook alerts as JSON posted to a URL (generic or Slack-compatible)
 */
@Validated
@ConfigurationProperties("monkeyfleet.alerts")
public record AlertsProperties(@DefaultValue("5m") @NotNull Duration window,
		@DefaultValue("100") @Min(1) @Max(10000) int digestMaxAlerts,
		@DefaultValue("1000") @Min(1) @Max(1000000) int queueCapacity,
		@DefaultValue("1s") @NotNull Duration flushInterval, @DefaultValue @Valid @NotNull Delivery delivery,
		@DefaultValue @Valid @NotNull Mail mail, @DefaultValue @Valid @NotNull Webhook webhook) {

	private static final String PREFIX = "monkeyfleet.alerts.";

	public AlertsProperties {
		requirePositive(window, "window");
		requirePositive(flushInterval, "flush-interval");
	}

	/**
	 * How each channel delivers: its own queue and thread, and retries with a backoff
	 * that doubles after each failure.
	 *
	 * @param maxAttempts attempts per notification, the first included; after the last
	 * failure it is logged and counted as failed
	 * @param initialBackoff the wait after the first failed attempt
	 * @param maxBackoff the longest wait between attempts
	 * @param queueCapacity notifications waiting for one channel; when full, the oldest
	 * is dropped (and counted)
	 * @param shutdownGrace at shutdown, how long channels may take to send what is left
	 * (including digests not yet due)
	 */
	public record Delivery(@DefaultValue("3") @Min(1) @Max(10) int maxAttempts,
			@DefaultValue("2s") @NotNull Duration initialBackoff, @DefaultValue("1m") @NotNull Duration maxBackoff,
			@DefaultValue("100") @Min(1) @Max(100000) int queueCapacity,
			@DefaultValue("5s") @NotNull Duration shutdownGrace) {

		public Delivery {
			requireNotNegative(initialBackoff, "delivery.initial-backoff");
			requireNotNegative(shutdownGrace, "delivery.shutdown-grace");
			if (initialBackoff != null && maxBackoff != null && maxBackoff.compareTo(initialBackoff) < 0) {
				throw new IllegalArgumentException(PREFIX + "delivery.max-backoff (" + maxBackoff
						+ ") must not be shorter than " + PREFIX + "delivery.initial-backoff (" + initialBackoff + ")");
			}
		}

	}

	/**
	 * Alerts by email, through Spring Boot's {@code JavaMailSender}
	 * ({@code spring.mail.*} says which SMTP server and how to log in).
	 *
	 * @param enabled whether alerts are mailed; needs {@code spring.mail.host}, a sender
	 * and at least one recipient
	 * @param from the sender address, for example
	 * {@code Monkey Fleet <monkeys@example.com>}
	 * @param to the recipients
	 * @param subjectPrefix put before every subject, for example the environment's name
	 * @param timeout connect, read and write timeout of every SMTP connection, applied to
	 * Spring Boot's mail sender unless {@code spring.mail.properties.mail.smtp.timeout}
	 * (or {@code connectiontimeout}, {@code writetimeout}) is set; without it, JavaMail
	 * waits forever on a server that does not answer
	 */
	public record Mail(@DefaultValue("false") boolean enabled, String from, List<String> to,
			@DefaultValue("[monkeyfleet]") String subjectPrefix, @DefaultValue("10s") @NotNull Duration timeout) {

		public Mail {
			to = (to != null) ? List.copyOf(to) : List.of();
			requirePositive(timeout, "mail.timeout");
			if (from != null && !from.isBlank()) {
				requireAddress(from, "mail.from");
			}
			for (int i = 0; i < to.size(); i++) {
				requireAddress(to.get(i), "mail.to[" + i + "]");
			}
			if (enabled && (from == null || from.isBlank())) {
				throw new IllegalArgumentException(PREFIX + "mail.enabled=true needs a sender address in " + PREFIX
						+ "mail.from, for example monkeys@example.com");
			}
			if (enabled && to.isEmpty()) {
				throw new IllegalArgumentException(PREFIX + "mail.enabled=true needs at least one recipient in "
						+ PREFIX + "mail.to, for example ops@example.com");
			}
		}

		private static void requireAddress(String address, String property) {
			try {
				new InternetAddress(address, true).validate();
			}
			catch (AddressException ex) {
				throw new IllegalArgumentException(
						PREFIX + property + " '" + address + "' is not an email address: " + ex.getMessage());
			}
		}

	}

	/** What a webhook receives. */
	public enum WebhookFormat {

		/** The notification as JSON: type, group, severity, subject, window, alerts. */
		GENERIC,
		/**
		 * {@code {"text": "..."}}: Slack incoming webhooks and compatible chat servers.
		 */
		SLACK

	}

	/**
	 * Alerts posted as JSON to one URL.
	 *
	 * @param enabled whether alerts are posted; needs a URL
	 * @param url where to post: an http or https URL (a Slack incoming webhook URL with
	 * format SLACK)
	 * @param format {@code generic} (the notification as JSON) or {@code slack}
	 * (<code>{"text": ...}</code>)
	 * @param connectTimeout how long connecting may take
	 * @param requestTimeout how long the whole answer may take after sending
	 * @param headers extra request headers, for example {@code Authorization}
	 */
	public record Webhook(@DefaultValue("false") boolean enabled, URI url,
			@DefaultValue("generic") @NotNull WebhookFormat format,
			@DefaultValue("5s") @NotNull Duration connectTimeout, @DefaultValue("10s") @NotNull Duration requestTimeout,
			Map<String, String> headers) {

		public Webhook {
			headers = (headers != null) ? Map.copyOf(headers) : Map.of();
			requirePositive(connectTimeout, "webhook.connect-timeout");
			requirePositive(requestTimeout, "webhook.request-timeout");
			if (url != null && !(("http".equalsIgnoreCase(url.getScheme()) || "https".equalsIgnoreCase(url.getScheme()))
					&& url.getHost() != null)) {
				throw new IllegalArgumentException(
						PREFIX + "webhook.url must be an http or https URL with a host, was '" + url + "'");
			}
			if (enabled && url == null) {
				throw new IllegalArgumentException(PREFIX + "webhook.enabled=true needs " + PREFIX + "webhook.url");
			}
			headers.forEach(Webhook::requireHeader);
		}

		/**
		 * The JDK client refuses some headers (Host, Content-Length...): say so at
		 * start-up.
		 */
		private static void requireHeader(String name, String value) {
			try {
				HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException(
						PREFIX + "webhook.headers: '" + name + "' cannot be set: " + ex.getMessage());
			}
		}

		/** Header values are often secrets (tokens): never printed. */
		@Override
		public String toString() {
			Map<String, String> masked = this.headers.keySet()
				.stream()
				.collect(Collectors.toMap((name) -> name, (name) -> "******", (a, b) -> a, LinkedHashMap::new));
			return "Webhook[enabled=" + this.enabled + ", url=" + this.url + ", format=" + this.format
					+ ", connectTimeout=" + this.connectTimeout + ", requestTimeout=" + this.requestTimeout
					+ ", headers=" + masked + "]";
		}

	}

	private static void requirePositive(Duration duration, String property) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			throw new IllegalArgumentException(PREFIX + property + " must be positive, was " + duration);
		}
	}

	private static void requireNotNegative(Duration duration, String property) {
		if (duration != null && duration.isNegative()) {
			throw new IllegalArgumentException(PREFIX + property + " must not be negative, was " + duration);
		}
	}

}

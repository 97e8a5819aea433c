package io.monkeyfleet.monkey.alerts;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/**
 * Wires alerts: the channels that {@code monkeyfleet.alerts.*} enables, one worker per
 * channel, and the dispatcher every monkey raises alerts on.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertsProperties.class)
class AlertsConfiguration {

	/** See {@link MailTimeoutDefaults}; static, as a post-processor must be. */
	@Bean
	static MailTimeoutDefaults alertMailTimeoutDefaults(ObjectProvider<AlertsProperties> properties) {
		return new MailTimeoutDefaults(() -> properties.getObject().mail().timeout());
	}

	@Bean(initMethod = "start", destroyMethod = "close")
	AlertDispatcher alerts(AlertsProperties properties, ObjectProvider<JavaMailSender> mailSender, Clock clock,
			ObjectProvider<MeterRegistry> registry) {
		MeterRegistry meters = registry.getIfAvailable(SimpleMeterRegistry::new);
		List<ChannelWorker> channels = new ArrayList<>();
		if (properties.mail().enabled()) {
			channels.add(worker(mailChannel(properties.mail(), mailSender), properties, meters));
		}
		if (properties.webhook().enabled()) {
			channels.add(worker(webhookChannel(properties.webhook()), properties, meters));
		}
		return new AlertDispatcher(new AlertGrouper(properties.window(), properties.digestMaxAlerts()), channels,
				properties.queueCapacity(), properties.flushInterval(), properties.delivery().shutdownGrace(), clock,
				meters);
	}

	private static MailChannel mailChannel(AlertsProperties.Mail mail, ObjectProvider<JavaMailSender> mailSender) {
		JavaMailSender sender = mailSender.getIfAvailable();
		if (sender == null) {
			// Reported by Boot as one line naming the property, like a binding failure.
			throw new InvalidConfigurationPropertyValueException("monkeyfleet.alerts.mail.enabled", "true",
					"mail alerts need an SMTP server: set spring.mail.host (and spring.mail.port, username and password as needed)");
		}
		return new MailChannel(sender, mail.from(), mail.to(), mail.subjectPrefix());
	}

	private static WebhookChannel webhookChannel(AlertsProperties.Webhook webhook) {
		HttpClient client = HttpClient.newBuilder()
			.connectTimeout(webhook.connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		// Its own mapper: the payload is a contract with the receiver, not to change when
		// spring.jackson.* is tuned for the admin API.
		return new WebhookChannel(client, webhook.url(), webhook.format(), webhook.requestTimeout(), webhook.headers(),
				JsonMapper.builder().build());
	}

	private static ChannelWorker worker(AlertChannel channel, AlertsProperties properties, MeterRegistry meters) {
		AlertsProperties.Delivery delivery = properties.delivery();
		return new ChannelWorker(channel, delivery.queueCapacity(),
				new RetryPolicy(delivery.maxAttempts(), delivery.initialBackoff(), delivery.maxBackoff()),
				(backoff) -> TimeUnit.NANOSECONDS.sleep(backoff.toNanos()), meters);
	}

}

package io.monkeyfleet.monkey.alerts;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad alert configuration stops start-up before anything runs, with one line that names
 * the property and says why.
 */
@ExtendWith(OutputCaptureExtension.class)
class AlertsConfigurationFailureTests {

	private static final String MAIL_READY = "spring.mail.host=127.0.0.1,monkeyfleet.alerts.mail.from=monkeys@example.com";

	/**
	 * One setting for each way a bad value is caught: a rule in a record's constructor, a
	 * Bean Validation constraint, a failed conversion. {@link AlertsPropertiesTests}
	 * covers every rule without starting anything.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					monkeyfleet.alerts.mail.enabled=true                                  | monkeyfleet.alerts.mail.enabled=true needs at least one recipient in monkeyfleet.alerts.mail.to
					monkeyfleet.alerts.webhook.url=ftp://hooks.example.com/x              | monkeyfleet.alerts.webhook.url must be an http or https URL with a host, was 'ftp://hooks.example.com/x'
					monkeyfleet.alerts.queue-capacity=0                                   | monkeyfleet.alerts.queue-capacity
					monkeyfleet.alerts.webhook.format=teams                               | monkeyfleet.alerts.webhook.format
					""")
	void refusesToStart(String badProperty, String expectedReason, CapturedOutput output) {
		List<String> properties = new ArrayList<>(List.of(MAIL_READY.split(",")));
		properties.add("monkeyfleet.alerts.mail.enabled=true");
		properties.add("monkeyfleet.alerts.mail.to=ops@example.com");
		properties.add(badProperty);
		if (badProperty.startsWith("monkeyfleet.alerts.mail.enabled")) {
			properties.remove("monkeyfleet.alerts.mail.to=ops@example.com");
		}
		assertFailsWithOneLine(properties, expectedReason, output);
	}

	@Test
	void mailNeedsAnSmtpServer(CapturedOutput output) {
		assertFailsWithOneLine(List.of("monkeyfleet.alerts.mail.enabled=true",
				"monkeyfleet.alerts.mail.from=monkeys@example.com", "monkeyfleet.alerts.mail.to=ops@example.com"),
				"monkeyfleet.alerts.mail.enabled", output);
		assertThat(output.getAll()).contains("mail alerts need an SMTP server: set spring.mail.host");
	}

	@Test
	void startsWithNoChannelAtAllAndOnlyLogsAlerts() {
		try (ConfigurableApplicationContext context = AlertsOnlyApplication.builder().run()) {
			assertThat(context.getBean(AlertDispatcher.class).channelNames()).isEmpty();
			assertThat(context.getBean(Alerts.class)).isSameAs(context.getBean(AlertDispatcher.class));
		}
	}

	private static void assertFailsWithOneLine(List<String> properties, String expectedReason, CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> AlertsOnlyApplication.builder(properties.toArray(String[]::new)).run().close());
		List<String> reported = output.getAll().lines().filter((line) -> line.contains("Cannot start:")).toList();
		assertThat(reported).singleElement().asString().contains(expectedReason);
		assertThat(output.getAll()).doesNotContain("\tat ");
	}

}

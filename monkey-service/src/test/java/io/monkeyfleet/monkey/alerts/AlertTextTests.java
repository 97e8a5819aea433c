package io.monkeyfleet.monkey.alerts;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.monkeyfleet.monkey.alerts.TestAlerts.START;
import static io.monkeyfleet.monkey.alerts.TestAlerts.breakerOpen;
import static io.monkeyfleet.monkey.alerts.TestAlerts.quarantined;
import static io.monkeyfleet.monkey.alerts.TestAlerts.redisUnreachable;
import static org.assertj.core.api.Assertions.assertThat;

class AlertTextTests {

	@Test
	void anAlertsSubjectSaysSeverityKindWhereAndSummary() {
		assertThat(AlertText.subject(Notification.immediate(quarantined("n1", START, "repair budget exhausted"))))
			.isEqualTo("CRITICAL node-quarantined on node n1 (pool web): repair budget exhausted");
		assertThat(AlertText.subject(Notification.immediate(breakerOpen("web", START, "5 of 10 unhealthy"))))
			.isEqualTo("WARNING breaker-open on pool web: 5 of 10 unhealthy");
		assertThat(AlertText.subject(Notification.immediate(redisUnreachable(START))))
			.isEqualTo("CRITICAL redis-unreachable on the fleet: Redis unreachable: monkeys stopped acting");
	}

	@Test
	void aSubjectIsOneLineEvenWhenTheSummaryIsNot() {
		String subject = AlertText
			.subject(Notification.immediate(quarantined("n1", START, "line one\r\nBcc: someone@example.com")));
		assertThat(subject).doesNotContain("\n").doesNotContain("\r").endsWith("line one Bcc: someone@example.com");
	}

	@Test
	void anAlertsBodyListsItsDetailsInOrder() {
		String body = AlertText.body(Notification.immediate(quarantined("n1", START, "repair budget exhausted")));
		assertThat(body).isEqualTo("""
				2030-01-01T12:00:00Z CRITICAL node-quarantined on node n1 (pool web)
				repair budget exhausted
				  repairs: 3 in 24h
				  last-cpu: 97.5
				""");
	}

	@Test
	void aDigestsSubjectCountsItsAlertsAndItsBodyListsEveryOne() {
		Notification digest = Notification.digest(AlertGroup.of(quarantined("n1", START, "x")),
				List.of(quarantined("n1", START.plusSeconds(60), "second"),
						quarantined("n1", START.plusSeconds(120), "third")),
				0, START, START.plus(Duration.ofMinutes(5)));
		assertThat(AlertText.subject(digest))
			.isEqualTo("CRITICAL 2 more node-quarantined alerts on node n1 (pool web) in 5m");
		assertThat(AlertText.body(digest)).startsWith(
				"2 node-quarantined alerts were held for node n1 (pool web) between 2030-01-01T12:00:00Z and 2030-01-01T12:05:00Z")
			.contains(
					"1. 2030-01-01T12:01:00Z CRITICAL node-quarantined on node n1 (pool web)\n   second\n     repairs: 3 in 24h\n")
			.contains("2. 2030-01-01T12:02:00Z CRITICAL node-quarantined on node n1 (pool web)\n   third\n");
	}

	@Test
	void aDigestSaysHowManyItHeldButDidNotList() {
		Notification digest = Notification.digest(AlertGroup.of(breakerOpen("web", START, "x")),
				List.of(breakerOpen("web", START, "listed")), 41, START, START.plusSeconds(90));
		assertThat(AlertText.subject(digest)).isEqualTo("WARNING 42 more breaker-open alerts on pool web in 1m30s");
		assertThat(AlertText.body(digest)).contains("... and 41 more, not listed: a digest lists at most 1.");
	}

	@Test
	void aLongSubjectIsShortened() {
		String subject = AlertText
			.subject(Notification.immediate(Alert.fleet(START, Severity.INFO, "long", "x".repeat(500), Map.of())));
		assertThat(subject).hasSize(200).endsWith("…");
	}

	@Test
	void windowsReadAsHoursMinutesAndSeconds() {
		assertThat(List
			.of(Duration.ZERO, Duration.ofSeconds(90), Duration.ofMinutes(5), Duration.ofHours(1),
					Duration.ofSeconds(3600 + 133))
			.stream()
			.map(AlertText::human)).containsExactly("0s", "1m30s", "5m", "1h", "1h2m13s");
	}

}

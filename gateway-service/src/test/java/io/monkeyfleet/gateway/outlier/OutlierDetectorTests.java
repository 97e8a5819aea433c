package io.monkeyfleet.gateway.outlier;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.monkeyfleet.testsupport.time.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OutlierDetectorTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

	private final List<Ejection> ejections = new ArrayList<>();

	private final OutlierDetector detector = new OutlierDetector(
			new OutlierProperties(3, Duration.ofSeconds(10), Duration.ofSeconds(60)), this.clock, this.ejections::add);

	@Test
	void aRefusedConnectionEjectsTheNodeAtOnceForTheBaseTime() {
		this.detector.connectionFailed("a", "web", "Connection refused");

		assertThat(this.detector.isEjected("a")).isTrue();
		assertThat(this.detector.ejectedUntil("a")).contains(this.clock.instant().plusSeconds(10));
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.detector.isEjected("a")).isFalse();
		assertThat(this.ejections).singleElement().satisfies((ejection) -> {
			assertThat(ejection.reason()).isEqualTo("Connection refused");
			assertThat(ejection.length()).isEqualTo(Duration.ofSeconds(10));
		});
	}

	@Test
	void ejectsAfterNConsecutiveServerErrorsOnlyWhenNoSuccessComesBetween() {
		this.detector.serverError("a", "web", "HTTP 500");
		this.detector.serverError("a", "web", "HTTP 500");
		this.detector.succeeded("a");
		this.detector.serverError("a", "web", "HTTP 500");
		this.detector.serverError("a", "web", "HTTP 502");
		assertThat(this.detector.isEjected("a")).isFalse();

		this.detector.serverError("a", "web", "HTTP 503");

		assertThat(this.detector.isEjected("a")).isTrue();
		assertThat(this.ejections).singleElement()
			.extracting(Ejection::reason)
			.isEqualTo("3 server errors in a row, the last: HTTP 503");
	}

	@Test
	void eachEjectionInARowLastsTwiceAsLongUpToTheMaximum() {
		List<Duration> lengths = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			this.detector.connectionFailed("a", "web", "refused");
			lengths.add(this.ejections.get(this.ejections.size() - 1).length());
			this.clock.set(this.detector.ejectedUntil("a").orElseThrow());
		}

		assertThat(lengths).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
				Duration.ofSeconds(60), Duration.ofSeconds(60));
	}

	@Test
	void startsAgainFromTheBaseTimeAfterAQuietSpell() {
		this.detector.connectionFailed("a", "web", "refused");
		this.clock.advance(Duration.ofSeconds(10));
		this.detector.connectionFailed("a", "web", "refused");
		this.clock.advance(Duration.ofSeconds(20 + 61));

		this.detector.connectionFailed("a", "web", "refused");

		assertThat(this.ejections).extracting(Ejection::streak).containsExactly(1, 2, 1);
	}

	@Test
	void aNodeThatLeftRotationComesBackWithACleanRecord() {
		this.detector.connectionFailed("a", "web", "refused");
		this.clock.set(this.detector.ejectedUntil("a").orElseThrow());
		this.detector.connectionFailed("a", "web", "refused");
		this.detector.serverError("b", "web", "HTTP 500");
		this.detector.serverError("b", "web", "HTTP 500");

		this.detector.leftRotation("a");
		this.detector.leftRotation("b");

		assertThat(this.detector.isEjected("a")).isFalse();
		assertThat(this.detector.ejectedUntil("a")).isEmpty();
		this.detector.connectionFailed("a", "web", "refused");
		this.detector.serverError("b", "web", "HTTP 500");
		assertThat(this.detector.isEjected("b")).as("two errors before it left do not count").isFalse();
		assertThat(this.ejections).extracting(Ejection::streak).containsExactly(1, 2, 1);
	}

	@Test
	void failuresOfRequestsAlreadyUnderWayDoNotEjectAgain() {
		this.detector.connectionFailed("a", "web", "refused");
		this.detector.connectionFailed("a", "web", "refused");
		this.detector.serverError("a", "web", "HTTP 500");

		assertThat(this.ejections).hasSize(1);
	}

}

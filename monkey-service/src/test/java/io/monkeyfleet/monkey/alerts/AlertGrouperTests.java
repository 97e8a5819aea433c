package io.monkeyfleet.monkey.alerts;

import java.time.Duration;
import java.util.List;

import io.monkeyfleet.testsupport.time.MutableClock;
import org.junit.jupiter.api.Test;

import static io.monkeyfleet.monkey.alerts.TestAlerts.START;
import static io.monkeyfleet.monkey.alerts.TestAlerts.breakerOpen;
import static io.monkeyfleet.monkey.alerts.TestAlerts.quarantined;
import static io.monkeyfleet.monkey.alerts.TestAlerts.redisUnreachable;
import static org.assertj.core.api.Assertions.assertThat;

class AlertGrouperTests {

	private static final Duration WINDOW = Duration.ofMinutes(5);

	private final MutableClock clock = new MutableClock(START);

	private final AlertGrouper grouper = new AlertGrouper(WINDOW, 100);

	@Test
	void sendsTheFirstAlertOfAGroupAtOnce() {
		List<Notification> out = offer(quarantined("n1", this.clock.instant(), "first"));
		assertThat(out).singleElement().satisfies((notification) -> {
			assertThat(notification.isDigest()).isFalse();
			assertThat(notification.first().summary()).isEqualTo("first");
		});
		assertThat(this.grouper.held()).isZero();
	}

	@Test
	void holdsFurtherAlertsOfTheGroupUntilTheWindowEndsThenSendsOneDigestListingThemAll() {
		offer(quarantined("n1", this.clock.instant(), "first"));
		for (int i = 1; i <= 3; i++) {
			this.clock.advance(Duration.ofMinutes(1));
			assertThat(offer(quarantined("n1", this.clock.instant(), "held " + i))).isEmpty();
		}
		assertThat(this.grouper.held()).isEqualTo(3);

		this.clock.set(START.plus(WINDOW).minusMillis(1));
		assertThat(this.grouper.flushDue(this.clock.instant())).isEmpty();

		this.clock.set(START.plus(WINDOW));
		List<Notification> digests = this.grouper.flushDue(this.clock.instant());
		assertThat(digests).singleElement().satisfies((digest) -> {
			assertThat(digest.isDigest()).isTrue();
			assertThat(digest.alerts()).extracting(Alert::summary).containsExactly("held 1", "held 2", "held 3");
			assertThat(digest.windowStart()).isEqualTo(START);
			assertThat(digest.windowEnd()).isEqualTo(START.plus(WINDOW));
			assertThat(digest.omitted()).isZero();
		});
		assertThat(this.grouper.held()).isZero();
		assertThat(this.grouper.flushDue(this.clock.instant())).isEmpty();
	}

	@Test
	void aDigestOpensTheNextWindowSoAStormYieldsOneMessagePerWindow() {
		offer(quarantined("n1", this.clock.instant(), "first"));
		this.clock.advance(Duration.ofMinutes(1));
		offer(quarantined("n1", this.clock.instant(), "second"));
		this.clock.advance(Duration.ofMinutes(4));
		assertThat(this.grouper.flushDue(this.clock.instant())).hasSize(1);

		this.clock.advance(Duration.ofSeconds(1));
		assertThat(offer(quarantined("n1", this.clock.instant(), "right after the digest"))).isEmpty();
		this.clock.advance(WINDOW);
		assertThat(this.grouper.flushDue(this.clock.instant())).singleElement()
			.satisfies((digest) -> assertThat(digest.alerts()).extracting(Alert::summary)
				.containsExactly("right after the digest"));
	}

	@Test
	void aWindowThatEndsWithNothingHeldClosesTheGroupSoItsNextAlertGoesOutAtOnce() {
		offer(quarantined("n1", this.clock.instant(), "first"));
		this.clock.advance(WINDOW);
		assertThat(this.grouper.flushDue(this.clock.instant())).isEmpty();
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(offer(quarantined("n1", this.clock.instant(), "later"))).singleElement()
			.satisfies((notification) -> assertThat(notification.isDigest()).isFalse());
	}

	@Test
	void anAlertAfterAnEndedWindowThatNobodyFlushedFirstSendsThatWindowsDigestAndIsHeld() {
		offer(quarantined("n1", this.clock.instant(), "first"));
		this.clock.advance(Duration.ofMinutes(1));
		offer(quarantined("n1", this.clock.instant(), "held"));
		this.clock.advance(Duration.ofMinutes(10));
		List<Notification> out = offer(quarantined("n1", this.clock.instant(), "late"));
		assertThat(out).singleElement().satisfies((digest) -> {
			assertThat(digest.isDigest()).isTrue();
			assertThat(digest.alerts()).extracting(Alert::summary).containsExactly("held");
		});
		assertThat(this.grouper.held()).isOne();
	}

	@Test
	void groupsByKindAndNodeOrByKindAndPoolWithoutANode() {
		assertThat(offer(quarantined("n1", this.clock.instant(), "n1"))).hasSize(1);
		assertThat(offer(quarantined("n2", this.clock.instant(), "n2: another node"))).hasSize(1);
		assertThat(offer(breakerOpen("web", this.clock.instant(), "web: a pool alert"))).hasSize(1);
		assertThat(offer(breakerOpen("api", this.clock.instant(), "api: another pool"))).hasSize(1);
		assertThat(offer(redisUnreachable(this.clock.instant()))).hasSize(1);

		assertThat(offer(quarantined("n1", this.clock.instant(), "n1 again"))).isEmpty();
		assertThat(offer(breakerOpen("web", this.clock.instant(), "web again"))).isEmpty();
		assertThat(offer(redisUnreachable(this.clock.instant()))).isEmpty();
		Alert otherKindSameNode = Alert.node(this.clock.instant(), Severity.WARNING, "replacement-needed", "web", "n1",
				"n1: another kind", null);
		assertThat(offer(otherKindSameNode)).hasSize(1);
		assertThat(this.grouper.held()).isEqualTo(3);
	}

	@Test
	void aDigestListsAtMostItsLimitAndCountsTheRest() {
		AlertGrouper small = new AlertGrouper(WINDOW, 2);
		small.offer(quarantined("n1", START, "first"), START);
		for (int i = 1; i <= 5; i++) {
			small.offer(quarantined("n1", START, "held " + i), START);
		}
		assertThat(small.held()).isEqualTo(5);
		assertThat(small.flushDue(START.plus(WINDOW))).singleElement().satisfies((digest) -> {
			assertThat(digest.alerts()).extracting(Alert::summary).containsExactly("held 1", "held 2");
			assertThat(digest.omitted()).isEqualTo(3);
			assertThat(digest.count()).isEqualTo(5);
		});
		assertThat(small.held()).isZero();
	}

	@Test
	void flushAllSendsEveryHeldDigestBeforeItsWindowEnds() {
		offer(quarantined("n1", this.clock.instant(), "first"));
		offer(quarantined("n1", this.clock.instant(), "held"));
		offer(breakerOpen("web", this.clock.instant(), "quiet group"));
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(this.grouper.flushAll(this.clock.instant())).singleElement().satisfies((digest) -> {
			assertThat(digest.alerts()).extracting(Alert::summary).containsExactly("held");
			assertThat(digest.windowEnd()).isEqualTo(this.clock.instant());
		});
		assertThat(offer(quarantined("n1", this.clock.instant(), "after"))).hasSize(1);
	}

	@Test
	void aDigestCarriesTheHighestSeverityItHolds() {
		offer(Alert.pool(START, Severity.INFO, "breaker-closed", "web", "first", null));
		offer(Alert.pool(START, Severity.INFO, "breaker-closed", "web", "info", null));
		offer(Alert.pool(START, Severity.CRITICAL, "breaker-closed", "web", "critical", null));
		offer(Alert.pool(START, Severity.WARNING, "breaker-closed", "web", "warning", null));
		assertThat(this.grouper.flushDue(START.plus(WINDOW))).singleElement()
			.satisfies((digest) -> assertThat(digest.severity()).isEqualTo(Severity.CRITICAL));
	}

	private List<Notification> offer(Alert alert) {
		return this.grouper.offer(alert, this.clock.instant());
	}

}

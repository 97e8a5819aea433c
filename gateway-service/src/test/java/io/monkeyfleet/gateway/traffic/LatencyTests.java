package io.monkeyfleet.gateway.traffic;

import java.net.ConnectException;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyTests {

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	@Nested
	class LatencyEwmaTests {

		private final LatencyEwma ewma = new LatencyEwma(0.3, SECOND);

		@Test
		void isUnknownUntilTheFirstResponse() {
			assertThat(this.ewma.millis(0)).isNaN();
			this.ewma.observe(12, 0);
			assertThat(this.ewma.millis(0)).isEqualTo(12);
		}

		@Test
		void movesByTheSmoothingShareOfEachResponse() {
			this.ewma.observe(10, 0);
			this.ewma.observe(110, 0);
			assertThat(this.ewma.millis(0)).isCloseTo(40, within(1e-9));

			for (int i = 0; i < 20; i++) {
				this.ewma.observe(10, 0);
			}
			assertThat(this.ewma.millis(0)).isCloseTo(10, within(0.1));
		}

		@Test
		void decaysWhileTheNodeGetsNoRequestsSoItIsTriedAgain() {
			this.ewma.observe(200, 0);

			assertThat(this.ewma.millis(SECOND)).isCloseTo(100, within(1e-6));
			assertThat(this.ewma.millis(5 * SECOND)).isCloseTo(6.25, within(1e-6));
		}

		@Test
		void aResponseAfterALongIdleSpellCountsAlmostFully() {
			this.ewma.observe(300, 0);

			this.ewma.observe(8, 10 * SECOND);

			assertThat(this.ewma.millis(10 * SECOND)).isCloseTo(8, within(0.2));
		}

	}

	@Nested
	class LatencyHistogramTests {

		@Test
		void reportsQuantilesOfTheIntervalWithinABucketsResolution() {
			LatencyHistogram histogram = new LatencyHistogram();
			for (int i = 1; i <= 100; i++) {
				histogram.record(i);
			}

			LatencyHistogram.Quantiles quantiles = histogram.takeInterval();

			assertThat(quantiles.count()).isEqualTo(100);
			assertThat(quantiles.p50Millis()).isBetween(50.0, 50 * 1.2);
			assertThat(quantiles.p95Millis()).isBetween(95.0, 95 * 1.2);
			assertThat(quantiles.p99Millis()).isBetween(99.0, 99 * 1.2);
		}

		@Test
		void startsEachIntervalAfresh() {
			LatencyHistogram histogram = new LatencyHistogram();
			histogram.record(3);
			histogram.takeInterval();

			assertThat(histogram.takeInterval()).isEqualTo(new LatencyHistogram.Quantiles(0, 0, 0, 0));
		}

		@Test
		void keepsTinyAndHugeValuesInItsEndBuckets() {
			assertThat(LatencyHistogram.bucket(0)).isZero();
			assertThat(LatencyHistogram.bucket(Double.NaN)).isZero();
			assertThat(LatencyHistogram.bucket(1e9)).isEqualTo(79);
		}

	}

	@Nested
	class FailureTests {

		@Test
		void tellsAFailedConnectionFromAClosedOneAndATimeout() {
			assertThat(Failure.of(new RuntimeException(new ConnectException("Connection refused"))))
				.isEqualTo(Failure.CONNECT);
			assertThat(Failure.of(new ConnectTimeoutException("connect timed out"))).isEqualTo(Failure.CONNECT);
			assertThat(Failure.of(PrematureCloseException.TEST_EXCEPTION)).isEqualTo(Failure.CLOSED);
			assertThat(Failure.of(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT))).isEqualTo(Failure.TIMEOUT);
			assertThat(Failure.of(new IllegalStateException("bug"))).isEqualTo(Failure.OTHER);
		}

		@Test
		void retriesOnlyWhatNeverGotAnAnswer() {
			assertThat(Failure.CONNECT.retryable()).isTrue();
			assertThat(Failure.CLOSED.retryable()).isTrue();
			assertThat(Failure.TIMEOUT.retryable()).isTrue();
			assertThat(Failure.OTHER.retryable()).isFalse();
		}

		@Test
		void answersNoNodeWith503AndAnUnreachableNodeWith502() {
			assertThat(Problems.statusOf(NotFoundException.create(false, "Unable to find instance for web")).value())
				.isEqualTo(503);
			assertThat(Problems.outcomeOf(NotFoundException.create(false, "x"))).isEqualTo(Outcome.NO_NODE);
			assertThat(Problems.statusOf(new ConnectException("refused")).value()).isEqualTo(502);
			assertThat(Problems.statusOf(new IllegalStateException()).value()).isEqualTo(500);
		}

	}

}

package io.monkeyfleet.loadgen.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.monkeyfleet.loadgen.mix.PlannedRequest;
import io.monkeyfleet.loadgen.run.Report.FailedRequest;
import io.monkeyfleet.loadgen.run.Report.Percentiles;
import io.monkeyfleet.loadgen.send.Answer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Everything a run measures, recorded from many threads at once. Times are
 * {@link System#nanoTime()} values; {@code startNanos} is when the first request was due.
 */
public final class Results {

	private static final long HIGHEST_MICROS = TimeUnit.HOURS.toMicros(1);

	private static final int FAILURES_KEPT = 1000;

	private final long startNanos;

	private final Instant startedAt;

	private final Histogram latency = new ConcurrentHistogram(HIGHEST_MICROS, 3);

	private final Histogram serviceTime = new ConcurrentHistogram(HIGHEST_MICROS, 3);

	private final LongAdder requests = new LongAdder();

	private final LongAdder sent = new LongAdder();

	private final LongAdder answered = new LongAdder();

	private final LongAdder failed = new LongAdder();

	private final LongAdder malformed = new LongAdder();

	private final LongAdder malformedAccepted = new LongAdder();

	private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> answeredBy = new ConcurrentHashMap<>();

	private final Map<String, LongAdder> failedByRequest = new ConcurrentHashMap<>();

	private final Map<Integer, SecondCounts> seconds = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<FailedRequest> failures = new ConcurrentLinkedQueue<>();

	private final AtomicInteger failuresKept = new AtomicInteger();

	private volatile long lastAnswerNanos;

	public Results(long startNanos, Instant startedAt) {
		this.startNanos = startNanos;
		this.startedAt = startedAt;
		this.lastAnswerNanos = startNanos;
	}

	/**
	 * Whether an answer counts as a failure: no answer, a 5xx, or a well-formed request
	 * answered 4xx. A malformed request should get a 4xx.
	 */
	public static boolean failed(PlannedRequest request, Answer answer) {
		if (!answer.answered() || answer.status() >= 500) {
			return true;
		}
		return request.wellFormed() && answer.status() >= 400;
	}

	void due(PlannedRequest request, long dueNanos) {
		this.requests.increment();
		second(dueNanos).requests.increment();
		if (!request.wellFormed()) {
			this.malformed.increment();
		}
	}

	void sent() {
		this.sent.increment();
	}

	/** A request due while the client was saturated: not sent, failed. */
	void notSent(PlannedRequest request, long dueNanos, String why) {
		fail(request, dueNanos, why);
		count(this.errors, why);
		count(this.statuses, "none");
	}

	void answered(PlannedRequest request, long dueNanos, long sentNanos, long answerNanos, Answer answer) {
		this.lastAnswerNanos = Math.max(this.lastAnswerNanos, answerNanos);
		if (answer.answered()) {
			this.answered.increment();
			count(this.statuses, Integer.toString(answer.status()));
			this.latency.recordValue(micros(answerNanos - dueNanos));
			this.serviceTime.recordValue(micros(answerNanos - sentNanos));
			if (answer.answeredBy() != null) {
				count(this.answeredBy, answer.answeredBy());
				count(second(dueNanos).answeredBy, answer.answeredBy());
			}
			if (!request.wellFormed() && answer.status() < 400) {
				this.malformedAccepted.increment();
			}
		}
		else {
			count(this.statuses, "none");
			count(this.errors, answer.error());
		}
		if (failed(request, answer)) {
			fail(request, dueNanos, answer.answered() ? Integer.toString(answer.status()) : answer.error());
		}
	}

	private void fail(PlannedRequest request, long dueNanos, String outcome) {
		this.failed.increment();
		second(dueNanos).failed.increment();
		count(this.failedByRequest, request.label());
		if (this.failuresKept.getAndIncrement() < FAILURES_KEPT) {
			this.failures.add(new FailedRequest(instant(dueNanos), request.sequence(), request.label(), outcome));
		}
	}

	/** Requests due so far. */
	public long requests() {
		return this.requests.sum();
	}

	/** Failures so far. */
	public long failed() {
		return this.failed.sum();
	}

	/** What was measured so far, as a report. */
	public Report report(long seed, String target, List<String> stages) {
		double elapsed = Math.max(1e-9, (this.lastAnswerNanos - this.startNanos) / 1e9);
		List<Report.Second> timeline = new ArrayList<>();
		new TreeMap<>(this.seconds).forEach((second, counts) -> timeline
			.add(new Report.Second(second, counts.requests.sum(), counts.failed.sum(), sums(counts.answeredBy))));
		List<FailedRequest> failed = new ArrayList<>(this.failures);
		failed.sort(java.util.Comparator.comparing(FailedRequest::due));
		return new Report(seed, target, stages, this.startedAt, elapsed, this.requests.sum(), this.sent.sum(),
				this.answered.sum(), this.failed.sum(), this.malformed.sum(), this.malformedAccepted.sum(),
				this.answered.sum() / elapsed, percentiles(this.latency), percentiles(this.serviceTime),
				sums(this.statuses), sums(this.errors), sums(this.answeredBy), sums(this.failedByRequest), timeline,
				failed, List.of());
	}

	private Instant instant(long nanos) {
		return this.startedAt.plus(Duration.ofNanos(nanos - this.startNanos));
	}

	private SecondCounts second(long dueNanos) {
		int second = (int) Math.max(0, (dueNanos - this.startNanos) / 1_000_000_000L);
		return this.seconds.computeIfAbsent(second, (s) -> new SecondCounts());
	}

	private static long micros(long nanos) {
		return Math.min(HIGHEST_MICROS, Math.max(0, nanos / 1000));
	}

	private static void count(Map<String, LongAdder> counts, String key) {
		counts.computeIfAbsent(key, (k) -> new LongAdder()).increment();
	}

	private static Map<String, Long> sums(Map<String, LongAdder> counts) {
		Map<String, Long> sums = new TreeMap<>();
		counts.forEach((key, count) -> sums.put(key, count.sum()));
		return sums;
	}

	private static Percentiles percentiles(Histogram histogram) {
		Histogram copy = histogram.copy();
		if (copy.getTotalCount() == 0) {
			return new Percentiles(0, 0, 0, 0, 0, 0);
		}
		return new Percentiles(ms(copy.getValueAtPercentile(50)), ms(copy.getValueAtPercentile(90)),
				ms(copy.getValueAtPercentile(99)), ms(copy.getValueAtPercentile(99.9)), ms(copy.getMaxValue()),
				Math.round(copy.getMean()) / 1000.0);
	}

	private static double ms(long micros) {
		return micros / 1000.0;
	}

	private static final class SecondCounts {

		final LongAdder requests = new LongAdder();

		final LongAdder failed = new LongAdder();

		final Map<String, LongAdder> answeredBy = new ConcurrentHashMap<>();

	}

}

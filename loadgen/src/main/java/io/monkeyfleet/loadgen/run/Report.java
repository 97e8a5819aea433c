package io.monkeyfleet.loadgen.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a run measured, printed as a summary and written as JSON (this record's fields).
 *
 * @param seed the mix's seed: the same seed sends the same requests
 * @param target where requests went
 * @param stages the plan, as {@code seconds@rate}
 * @param startedAt when the first request was due
 * @param seconds from the first request due to the last answer
 * @param requests requests that fell due
 * @param sent requests actually sent (due ones not sent: the client was saturated)
 * @param answered requests that got an HTTP answer
 * @param failed no answer, a 5xx, a well-formed request answered 4xx, or not sent
 * @param malformed malformed requests among those due
 * @param malformedAccepted malformed requests answered 2xx or 3xx (worth a look, not a
 * failure)
 * @param throughputPerSecond answers per second over the run
 * @param latencyMs from when each request was due to its answer (includes any wait a
 * stall imposed: no coordinated omission)
 * @param serviceTimeMs from when each request was sent to its answer
 * @param statuses answers by status ({@code none} for no answer)
 * @param errors why requests got no answer
 * @param answeredBy answers by the node that gave them
 * @param failedByRequest failures by request kind
 * @param timeline per second of the run
 * @param failures the first failures, in order
 * @param chaos what chaos was injected, when, and how it went
 */
public record Report(long seed, String target, List<String> stages, Instant startedAt, double seconds, long requests,
		long sent, long answered, long failed, long malformed, long malformedAccepted, double throughputPerSecond,
		Percentiles latencyMs, Percentiles serviceTimeMs, Map<String, Long> statuses, Map<String, Long> errors,
		Map<String, Long> answeredBy, Map<String, Long> failedByRequest, List<Second> timeline,
		List<FailedRequest> failures, List<ChaosRecord> chaos) {

	/** Latency percentiles in milliseconds. */
	public record Percentiles(double p50, double p90, double p99, double p999, double max, double mean) {

	}

	/**
	 * One second of the run, by when requests were due.
	 *
	 * @param second seconds since the start
	 * @param requests requests due in it
	 * @param failed of those, how many failed
	 * @param answeredBy of those, answers by node
	 */
	public record Second(int second, long requests, long failed, Map<String, Long> answeredBy) {

	}

	/**
	 * A failed request.
	 *
	 * @param due when it was due
	 * @param sequence its place in the run
	 * @param request what it was ({@code GET /work})
	 * @param outcome its status, or why it got none
	 */
	public record FailedRequest(Instant due, long sequence, String request, String outcome) {

	}

	/**
	 * One chaos step.
	 *
	 * @param at when it was carried out
	 * @param step what it was ({@code 10s:sigstop:node-1})
	 * @param outcome what happened ({@code stopped pids [123, 456]}) or why it failed
	 * @param ok whether it was carried out
	 */
	public record ChaosRecord(Instant at, String step, String outcome, boolean ok) {

	}

	public Report withChaos(List<ChaosRecord> records) {
		return new Report(this.seed, this.target, this.stages, this.startedAt, this.seconds, this.requests, this.sent,
				this.answered, this.failed, this.malformed, this.malformedAccepted, this.throughputPerSecond,
				this.latencyMs, this.serviceTimeMs, this.statuses, this.errors, this.answeredBy, this.failedByRequest,
				this.timeline, this.failures, List.copyOf(records));
	}

	/**
	 * The start of the first second of the run, at or after {@code since}, in which
	 * {@code node} answered a request; empty when it has not (yet).
	 */
	public Optional<Instant> firstAnswer(String node, Instant since) {
		long from = Duration.between(this.startedAt, since).toSeconds();
		return this.timeline.stream()
			.filter((second) -> second.second() >= from && second.answeredBy().containsKey(node))
			.findFirst()
			.map((second) -> this.startedAt.plusSeconds(second.second()));
	}

	/** A few lines for a terminal. */
	public String summary() {
		List<String> lines = new ArrayList<>();
		lines.add(String.format(Locale.ROOT, "target %s, seed %d, stages %s", this.target, this.seed, this.stages));
		lines.add(String.format(Locale.ROOT,
				"requests %d (sent %d, malformed %d), answered %d, failed %d (%.3f%%), throughput %.1f/s over %.1f s",
				this.requests, this.sent, this.malformed, this.answered, this.failed, percent(this.failed),
				this.throughputPerSecond, this.seconds));
		lines.add("latency from due time, ms: " + format(this.latencyMs));
		lines.add("service time, ms:          " + format(this.serviceTimeMs));
		lines.add("statuses: " + this.statuses + ((this.errors.isEmpty()) ? "" : "; no answer: " + this.errors));
		if (!this.answeredBy.isEmpty()) {
			lines.add("answered by: " + this.answeredBy);
		}
		if (!this.failedByRequest.isEmpty()) {
			lines.add("failed by request: " + this.failedByRequest);
		}
		if (this.malformedAccepted > 0) {
			lines.add("malformed requests answered 2xx/3xx: " + this.malformedAccepted);
		}
		this.chaos.forEach((record) -> lines.add("chaos " + record.at() + " " + record.step() + ": "
				+ (record.ok() ? "" : "FAILED ") + record.outcome()));
		return String.join(System.lineSeparator(), lines);
	}

	private double percent(long count) {
		return (this.requests == 0) ? 0 : 100.0 * count / this.requests;
	}

	private static String format(Percentiles p) {
		return String.format(Locale.ROOT, "p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f  mean %.2f", p.p50(),
				p.p90(), p.p99(), p.p999(), p.max(), p.mean());
	}

}

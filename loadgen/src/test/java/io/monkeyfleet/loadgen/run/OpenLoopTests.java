package io.monkeyfleet.loadgen.run;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.monkeyfleet.loadgen.mix.Malformation;
import io.monkeyfleet.loadgen.mix.PlannedRequest;
import io.monkeyfleet.loadgen.mix.RequestGenerator;
import io.monkeyfleet.loadgen.mix.RequestMix;
import io.monkeyfleet.loadgen.send.Answer;
import io.monkeyfleet.loadgen.send.Sender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OpenLoopTests {

	private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);

	@AfterEach
	void stopTimer() {
		this.timer.shutdownNow();
	}

	@Test
	void requestsAreSentAtTheArrivalRateForTheDuration() throws InterruptedException {
		OpenLoop loop = start(new LoadPlan(
				List.of(new LoadPlan.Stage(Duration.ofSeconds(1), 200), new LoadPlan.Stage(Duration.ofMillis(500), 40)),
				10_000), answerAfter(Duration.ofMillis(1)));
		Report report = loop.await();
		assertThat(report.requests()).isEqualTo(220);
		assertThat(report.answered()).isEqualTo(220);
		assertThat(report.failed()).isZero();
		assertThat(report.timeline()).extracting(Report.Second::requests).containsExactly(200L, 20L);
		assertThat(report.statuses()).containsEntry("200", 220L);
	}

	@Test
	void aStallShowsInTheLatencyOfEveryRequestDueDuringItAndDoesNotSlowTheSchedule() throws InterruptedException {
		// Nothing is answered during the first 500 ms; then everything at once.
		long stallEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(520);
		Sender stalling = (request) -> {
			CompletableFuture<Answer> answer = new CompletableFuture<>();
			long wait = Math.max(TimeUnit.MILLISECONDS.toNanos(1), stallEnd - System.nanoTime());
			this.timer.schedule(() -> answer.complete(Answer.of(200, "n1")), wait, TimeUnit.NANOSECONDS);
			return answer;
		};
		OpenLoop loop = start(LoadPlan.constant(100, Duration.ofSeconds(1)), stalling);
		Report report = loop.await();
		assertThat(report.requests()).as("the schedule went on during the stall").isEqualTo(100);
		// A closed-loop client would have sent one request during the stall and timed it
		// at 500 ms once; open-loop, the 50 requests due then each waited what was left.
		assertThat(report.latencyMs().max()).isGreaterThan(450);
		assertThat(report.latencyMs().p50()).isLessThan(100);
		assertThat(report.latencyMs().p90()).isGreaterThan(50);
		assertThat(report.answeredBy()).containsEntry("n1", 100L);
	}

	@Test
	void requestsDueWhileTheClientIsSaturatedFailUnsent() throws InterruptedException {
		Sender never = (request) -> new CompletableFuture<>();
		OpenLoop loop = start(new LoadPlan(List.of(new LoadPlan.Stage(Duration.ofMillis(500), 100)), 5), never);
		Report report = awaitScheduled(loop);
		assertThat(report.requests()).isEqualTo(50);
		assertThat(report.sent()).isEqualTo(5);
		assertThat(report.failed()).isEqualTo(report.requests() - 5);
		assertThat(report.errors()).containsKey("client saturated");
	}

	@Test
	void failuresAreNoAnswerA5xxOrAWellFormedRequestAnswered4xx() {
		PlannedRequest good = new PlannedRequest(0, "GET", "/", List.of(), "", null);
		PlannedRequest bad = new PlannedRequest(1, "GET", "/%zz", List.of(), "", Malformation.BAD_ESCAPE);
		assertThat(Results.failed(good, Answer.of(200, null))).isFalse();
		assertThat(Results.failed(good, Answer.of(404, null))).isTrue();
		assertThat(Results.failed(good, Answer.of(503, null))).isTrue();
		assertThat(Results.failed(good, Answer.none("timeout"))).isTrue();
		assertThat(Results.failed(bad, Answer.of(400, null))).isFalse();
		assertThat(Results.failed(bad, Answer.of(200, null))).isFalse();
		assertThat(Results.failed(bad, Answer.of(502, null))).isTrue();
		assertThat(Results.failed(bad, Answer.none("closed: no answer"))).isTrue();
	}

	private OpenLoop start(LoadPlan plan, Sender sender) {
		return OpenLoop.start(plan, new RequestGenerator(RequestMix.sampleApp(0), 3), sender, sender, 3, "test",
				Duration.ofSeconds(5), Clock.systemUTC());
	}

	private Sender answerAfter(Duration delay) {
		return (request) -> {
			CompletableFuture<Answer> answer = new CompletableFuture<>();
			this.timer.schedule(() -> answer.complete(Answer.of(200, null)), delay.toNanos(), TimeUnit.NANOSECONDS);
			return answer;
		};
	}

	private static Report awaitScheduled(OpenLoop loop) {
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(loop::scheduleDone);
		return loop.report();
	}

}

package io.monkeyfleet.loadgen.run;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.monkeyfleet.loadgen.mix.PlannedRequest;
import io.monkeyfleet.loadgen.mix.RequestGenerator;
import io.monkeyfleet.loadgen.send.Answer;
import io.monkeyfleet.loadgen.send.Sender;

/**
 * Sends requests open-loop: each request is due at a fixed time given by the plan's
 * arrival rate, whether or not earlier ones have been answered, and its latency is
 * measured from that due time. A server that stalls therefore cannot slow the load down
 * and hide the stall (coordinated omission): requests keep arriving, and those that wait
 * show it. If the scheduler itself falls behind (a long GC pause of this JVM), it sends
 * the overdue requests at once, still timed from when they were due.
 */
public final class OpenLoop {

	private final LoadPlan plan;

	private final RequestGenerator generator;

	private final Sender wellFormed;

	private final Sender malformed;

	private final long seed;

	private final String target;

	private final Duration drainTimeout;

	private final Results results;

	private final long startNanos;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final CountDownLatch scheduled = new CountDownLatch(1);

	private final Thread scheduler;

	private volatile boolean stopped;

	private OpenLoop(LoadPlan plan, RequestGenerator generator, Sender wellFormed, Sender malformed, long seed,
			String target, Duration drainTimeout, Clock clock) {
		this.plan = plan;
		this.generator = generator;
		this.wellFormed = wellFormed;
		this.malformed = malformed;
		this.seed = seed;
		this.target = target;
		this.drainTimeout = drainTimeout;
		// The first request is due a little after now, so the schedule does not start
		// behind.
		this.startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
		this.results = new Results(this.startNanos, clock.instant().plusMillis(20));
		this.scheduler = new Thread(this::schedule, "loadgen-scheduler");
		this.scheduler.setDaemon(true);
	}

	/**
	 * Starts sending at once.
	 * @param wellFormed sends well-formed requests
	 * @param malformed sends malformed ones (raw bytes)
	 * @param drainTimeout how long to wait for answers after the last request was due;
	 * those still unanswered then count as failed
	 */
	public static OpenLoop start(LoadPlan plan, RequestGenerator generator, Sender wellFormed, Sender malformed,
			long seed, String target, Duration drainTimeout, Clock clock) {
		OpenLoop loop = new OpenLoop(plan, generator, wellFormed, malformed, seed, target, drainTimeout, clock);
		loop.scheduler.start();
		return loop;
	}

	private void schedule() {
		try {
			long sequence = 0;
			long stageStart = 0;
			for (LoadPlan.Stage stage : this.plan.stages()) {
				long stageEnd = stageStart + stage.duration().toNanos();
				double interval = 1e9 / stage.rate();
				// Offsets are counted in doubles from the stage's start, so rounding
				// never
				// drifts the rate.
				for (long i = 0;; i++) {
					long offset = stageStart + (long) (i * interval);
					if (offset >= stageEnd || this.stopped) {
						break;
					}
					long due = this.startNanos + offset;
					parkUntil(due);
					dispatch(this.generator.next(sequence++), due);
				}
				stageStart = stageEnd;
				if (this.stopped) {
					break;
				}
			}
		}
		finally {
			this.scheduled.countDown();
		}
	}

	private static void parkUntil(long due) {
		long wait;
		while ((wait = due - System.nanoTime()) > 0) {
			LockSupport.parkNanos(wait);
		}
	}

	private void dispatch(PlannedRequest request, long due) {
		this.results.due(request, due);
		if (this.inFlight.get() >= this.plan.maxInFlight()) {
			this.results.notSent(request, due, "client saturated");
			return;
		}
		this.inFlight.incrementAndGet();
		long sent = System.nanoTime();
		this.results.sent();
		Sender sender = request.wellFormed() ? this.wellFormed : this.malformed;
		sender.send(request).whenComplete((answer, error) -> {
			Answer outcome = (error != null) ? Answer.none("client error: " + error) : answer;
			this.results.answered(request, due, sent, System.nanoTime(), outcome);
			this.inFlight.decrementAndGet();
		});
	}

	/** Stops sending; requests already sent still count when they are answered. */
	public void stop() {
		this.stopped = true;
	}

	/** Requests sent and not yet answered. */
	public int inFlight() {
		return this.inFlight.get();
	}

	/** What was measured so far. */
	public Results results() {
		return this.results;
	}

	/** What was measured so far, as a report. */
	public Report report() {
		return this.results.report(this.seed, this.target, this.plan.stages().stream().map(Object::toString).toList());
	}

	/** Waits (at most {@code atMost}) until the scheduler has sent its last request. */
	public void awaitScheduler(Duration atMost) {
		try {
			this.scheduled.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Whether every request of the plan has been sent (or the run stopped). */
	public boolean scheduleDone() {
		return this.scheduled.getCount() == 0;
	}

	/**
	 * Waits until the plan has run (or {@link #stop()} was called) and every request is
	 * answered or the drain timeout has passed, then reports.
	 */
	public Report await() throws InterruptedException {
		this.scheduled.await();
		long deadline = System.nanoTime() + this.drainTimeout.toNanos();
		while (this.inFlight.get() > 0 && System.nanoTime() < deadline) {
			TimeUnit.MILLISECONDS.sleep(10);
		}
		return report();
	}

	/** The plan's stages, for reports. */
	public List<LoadPlan.Stage> stages() {
		return this.plan.stages();
	}

}

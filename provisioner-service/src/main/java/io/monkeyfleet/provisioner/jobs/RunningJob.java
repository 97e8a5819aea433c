package io.monkeyfleet.provisioner.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.monkeyfleet.provisioner.drivers.JobCancelledException;
import io.monkeyfleet.provisioner.drivers.JobInterruptedException;
import io.monkeyfleet.provisioner.drivers.StepContext;

/**
 * A job this provisioner is running: its latest state, and the signals that stop its
 * current step (cancel, lost lease, shutdown). It is the {@link StepContext} of whatever
 * step runs.
 */
final class RunningJob implements StepContext {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

	private static final Duration OUTPUT_SAVE_INTERVAL = Duration.ofSeconds(1);

	private final Clock clock;

	private final int outputLimit;

	private final Saver saver;

	private final Object signal = new Object();

	private Job job;

	private int stepIndex = -1;

	private boolean cancelled;

	private boolean stopped;

	private Instant lastSaved = Instant.EPOCH;

	RunningJob(Job job, Clock clock, int outputLimit, Saver saver) {
		this.job = job;
		this.clock = clock;
		this.outputLimit = outputLimit;
		this.saver = saver;
	}

	synchronized Job job() {
		return this.job;
	}

	synchronized Job update(UnaryOperator<Job> change) {
		this.job = change.apply(this.job);
		return this.job;
	}

	synchronized void enterStep(int index) {
		this.stepIndex = index;
	}

	/** Saves now. */
	void save() {
		Job snapshot;
		synchronized (this) {
			snapshot = this.job;
			this.lastSaved = this.clock.instant();
		}
		if (!this.saver.save(snapshot)) {
			stop();
			throw new JobInterruptedException();
		}
	}

	void cancel() {
		synchronized (this.signal) {
			this.cancelled = true;
			this.signal.notifyAll();
		}
	}

	/** The lease was lost or the provisioner is shutting down. */
	void stop() {
		synchronized (this.signal) {
			this.stopped = true;
			this.signal.notifyAll();
		}
	}

	boolean cancelled() {
		synchronized (this.signal) {
			return this.cancelled;
		}
	}

	// StepContext

	@Override
	public String jobId() {
		return job().id();
	}

	@Override
	public synchronized Map<String, String> params() {
		return currentStep().params();
	}

	@Override
	public synchronized Instant stepStartedAt() {
		Instant started = currentStep().startedAt();
		return (started != null) ? started : this.clock.instant();
	}

	@Override
	public Clock clock() {
		return this.clock;
	}

	@Override
	public void output(String line) {
		boolean saveNow;
		synchronized (this) {
			if (this.stepIndex < 0) {
				return;
			}
			Step step = currentStep();
			String appended = step.output() + TIME.format(this.clock.instant()) + " " + line + "\n";
			if (appended.length() > this.outputLimit) {
				appended = "…" + appended.substring(appended.length() - this.outputLimit + 1);
			}
			String output = appended;
			this.job = this.job.withStep(this.stepIndex, (current) -> current.withOutput(output));
			saveNow = Duration.between(this.lastSaved, this.clock.instant()).compareTo(OUTPUT_SAVE_INTERVAL) >= 0;
		}
		if (saveNow) {
			try {
				save();
			}
			catch (JobInterruptedException ex) {
				// Seen by the step at its next pause or check.
			}
		}
	}

	@Override
	public void checkCancelled() {
		synchronized (this.signal) {
			if (this.cancelled) {
				throw new JobCancelledException();
			}
			if (this.stopped || Thread.currentThread().isInterrupted()) {
				throw new JobInterruptedException();
			}
		}
	}

	@Override
	public void pause(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		synchronized (this.signal) {
			while (!this.cancelled && !this.stopped) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					break;
				}
				try {
					this.signal.wait(Math.max(1, left / 1_000_000));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new JobInterruptedException();
				}
			}
		}
		checkCancelled();
	}

	@Override
	public synchronized Optional<String> fact(String key) {
		return Optional.ofNullable(this.job.facts().get(key));
	}

	@Override
	public void remember(String key, String value) {
		update((current) -> current.withFact(key, value));
		save();
	}

	private Step currentStep() {
		return this.job.steps().get(this.stepIndex);
	}

	/** Writes the job to Redis; false when the lease is no longer ours. */
	@FunctionalInterface
	interface Saver {

		boolean save(Job job);

	}

}

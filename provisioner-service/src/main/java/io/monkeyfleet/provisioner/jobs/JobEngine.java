package io.monkeyfleet.provisioner.jobs;

import io.monkeyfleet.concurrent.DaemonThreads;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.JobCancelledException;
import io.monkeyfleet.provisioner.drivers.JobInterruptedException;
import io.monkeyfleet.provisioner.drivers.StepFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs, step by step, saving each step's start, output and end to Redis.
 *
 * <p>
 * A provisioner runs a job only while it holds the job's lease in Redis, renewed by a
 * heartbeat. A provisioner that stops releases its leases; one that crashes lets them
 * expire. Either way, every provisioner sweeps the active jobs now and then and takes
 * over any job nobody holds: a queued job starts, a job interrupted in a step that is
 * safe to repeat resumes at that step, and a job interrupted in a step that is not (a
 * reboot) fails with a message that says so. A job never silently vanishes.
 */
public class JobEngine implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(JobEngine.class);

	/** Job fact: why the job failed, when a rollback goes on after the failure. */
	static final String FAILURE = "failure";

	/** Job parameter: what a failure does ({@code STOP} or {@code ROLLBACK}). */
	public static final String ON_FAILURE = "onFailure";

	private final JobStore store;

	private final StepRunner steps;

	private final Clock clock;

	private final JobProperties properties;

	private final String owner;

	private final ExecutorService workers;

	private final ScheduledExecutorService heartbeat;

	private final Map<String, RunningJob> running = new ConcurrentHashMap<>();

	private final Set<String> queuedHere = ConcurrentHashMap.newKeySet();

	private volatile boolean closing;

	private volatile JobListener listener = JobListener.NONE;

	public JobEngine(JobStore store, StepRunner steps, Clock clock, JobProperties properties, String owner) {
		this.store = store;
		this.steps = steps;
		this.clock = clock;
		this.properties = properties;
		this.owner = owner;
		AtomicInteger count = new AtomicInteger();
		this.workers = Executors.newFixedThreadPool(properties.maxConcurrent(), (task) -> {
			Thread thread = new Thread(task, "job-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.heartbeat = DaemonThreads.scheduler("job-heartbeat");
	}

	/** Who hears about finished jobs. */
	public void setListener(JobListener listener) {
		this.listener = listener;
	}

	/** Starts the heartbeat, whose first beat takes over jobs nobody holds. */
	public void start() {
		long period = Math.max(200, this.properties.leaseTime().toMillis() / 3);
		this.heartbeat.scheduleWithFixedDelay(this::beat, 0, period, TimeUnit.MILLISECONDS);
	}

	/** This provisioner's id in leases. */
	public String owner() {
		return this.owner;
	}

	/** Runs a job that was just accepted, as soon as a worker is free. */
	public void enqueue(String jobId) {
		this.queuedHere.add(jobId);
		try {
			this.workers.execute(() -> execute(jobId, false));
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the job stays queued in Redis for the next provisioner.
			this.queuedHere.remove(jobId);
		}
	}

	/**
	 * Asks for a job to be cancelled: its current step stops at its next check, later
	 * steps are skipped. A provisioner running it elsewhere sees the request at its next
	 * heartbeat.
	 * @throws JobFinishedException when it has already finished
	 */
	public Job cancel(String jobId) {
		Job job = this.store.find(jobId).orElseThrow(() -> new NoSuchJobException(jobId));
		if (job.status().finished()) {
			throw new JobFinishedException(job);
		}
		this.store.requestCancel(jobId);
		RunningJob here = this.running.get(jobId);
		if (here != null) {
			here.cancel();
		}
		return job;
	}

	/** Ids of the jobs running in this provisioner now. */
	public Set<String> runningHere() {
		return Set.copyOf(this.running.keySet());
	}

	@Override
	public void close() {
		this.closing = true;
		this.heartbeat.shutdownNow();
		this.running.values().forEach(RunningJob::stop);
		this.workers.shutdownNow();
		try {
			if (!this.workers.awaitTermination(20, TimeUnit.SECONDS)) {
				logger.warn("Jobs still running at shutdown: {}", this.running.keySet());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// Heartbeat

	void beat() {
		try {
			for (Map.Entry<String, RunningJob> entry : this.running.entrySet()) {
				String jobId = entry.getKey();
				if (!this.store.renewLease(jobId, this.owner) && !this.store.claimLease(jobId, this.owner)) {
					logger.warn("Lost the lease of job {}; another provisioner has it", jobId);
					entry.getValue().stop();
				}
				else if (this.store.cancelRequested(jobId)) {
					entry.getValue().cancel();
				}
			}
			takeOverOrphans();
		}
		catch (RuntimeException ex) {
			logger.warn("Job heartbeat failed (will retry): {}", ex.getMessage());
		}
	}

	/** Claims every active job that no provisioner holds, and runs it here. */
	void takeOverOrphans() {
		for (String jobId : this.store.activeJobIds()) {
			if (this.closing || this.running.containsKey(jobId) || this.queuedHere.contains(jobId)) {
				continue;
			}
			if (this.store.claimLease(jobId, this.owner)) {
				logger.info("Taking over job {}, which no provisioner holds", jobId);
				this.queuedHere.add(jobId);
				try {
					this.workers.execute(() -> execute(jobId, true));
				}
				catch (RejectedExecutionException ex) {
					this.queuedHere.remove(jobId);
					this.store.releaseLease(jobId, this.owner);
				}
			}
		}
	}

	// Running

	private void execute(String jobId, boolean leaseHeld) {
		this.queuedHere.remove(jobId);
		if (this.closing) {
			if (leaseHeld) {
				this.store.releaseLease(jobId, this.owner);
			}
			return;
		}
		if (!leaseHeld && !this.store.claimLease(jobId, this.owner)) {
			return;
		}
		try {
			Optional<Job> found = this.store.find(jobId);
			if (found.isEmpty() || found.get().status().finished()) {
				this.store.releaseLease(jobId, this.owner);
				return;
			}
			RunningJob job = new RunningJob(found.get(), this.clock, this.properties.outputExcerptLength(),
					(snapshot) -> this.store.save(snapshot, this.owner));
			this.running.put(jobId, job);
			try {
				run(job);
			}
			finally {
				this.running.remove(jobId);
			}
		}
		catch (JobInterruptedException ex) {
			logger.info("Job {} left for another provisioner: {}", jobId, ex.getMessage());
			releaseQuietly(jobId);
		}
		catch (RuntimeException ex) {
			// Redis unreachable, most likely: let another attempt take it over later.
			logger.error("Job {} could not go on here; leaving it for a later attempt: {}", jobId, ex.toString());
			releaseQuietly(jobId);
		}
	}

	private void run(RunningJob job) {
		Instant now = this.clock.instant();
		if (this.store.cancelRequested(job.job().id())) {
			finish(job, JobStatus.CANCELLED, "cancelled before it started");
			return;
		}
		if (job.job().status() == JobStatus.QUEUED) {
			job.update((current) -> current.running(now));
			job.save();
		}
		else if (!resume(job)) {
			return;
		}
		runSteps(job);
	}

	/**
	 * Takes up a job another provisioner was running.
	 * @return whether its steps go on
	 */
	private boolean resume(RunningJob job) {
		job.update(Job::resumed);
		Optional<Step> current = job.job().currentStep();
		if (current.isPresent() && current.get().status() == StepStatus.RUNNING) {
			Step step = current.get();
			job.enterStep(step.index());
			if (!step.action().repeatable()) {
				String why = "interrupted by a provisioner restart during '" + step.name()
						+ "', which is not safe to repeat; check host " + step.host() + " by hand";
				job.output(why);
				job.update(
						(j) -> j.withStep(step.index(), (s) -> s.ended(StepStatus.FAILED, this.clock.instant(), why)));
				return failed(job, step, why);
			}
			job.output("resumed by another provisioner after an interruption; repeating this step");
		}
		job.save();
		return true;
	}

	private void runSteps(RunningJob job) {
		while (true) {
			Optional<Step> next = job.job().currentStep();
			if (next.isEmpty()) {
				break;
			}
			if (job.cancelled() || this.store.cancelRequested(job.job().id())) {
				finish(job, JobStatus.CANCELLED, "cancelled");
				return;
			}
			int index = next.get().index();
			job.enterStep(index);
			Step step = job.update((j) -> j.withStep(index, (s) -> s.started(this.clock.instant()))).steps().get(index);
			job.save();
			try {
				this.steps.run(step, job);
				job.update((j) -> j.withStep(index, (s) -> s.ended(StepStatus.SUCCEEDED, this.clock.instant(), null)));
			}
			catch (JobCancelledException ex) {
				job.update(
						(j) -> j.withStep(index, (s) -> s.ended(StepStatus.FAILED, this.clock.instant(), "cancelled")));
				finish(job, JobStatus.CANCELLED, "cancelled during '" + step.name() + "'");
				return;
			}
			catch (JobInterruptedException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				String why = (ex instanceof StepFailedException) ? ex.getMessage() : describe(ex);
				if (!(ex instanceof StepFailedException)) {
					logger.warn("Step '{}' of job {} failed unexpectedly", step.name(), job.job().id(), ex);
				}
				job.update((j) -> j.withStep(index, (s) -> s.ended(StepStatus.FAILED, this.clock.instant(), why)));
				if (!step.bestEffort() && !failed(job, step, why)) {
					return;
				}
			}
			job.save();
		}
		String failure = job.job().facts().get(FAILURE);
		if (failure != null) {
			finish(job, JobStatus.FAILED, failure + "; rolled back");
		}
		else {
			finish(job, JobStatus.SUCCEEDED, "done");
		}
	}

	/**
	 * A step failed: the job ends, unless its plan says to roll back, which appends the
	 * rollback steps.
	 * @return whether the job goes on (with its rollback)
	 */
	private boolean failed(RunningJob job, Step failedStep, String why) {
		Job current = job.job();
		String failure = "'" + failedStep.name() + "' failed: " + why;
		if ("ROLLBACK".equals(current.params().get(ON_FAILURE)) && !current.facts().containsKey(FAILURE)) {
			List<Step> rollback = rollbackSteps(current);
			Instant now = this.clock.instant();
			List<Step> all = new ArrayList<>();
			for (Step step : current.steps()) {
				all.add((step.status() == StepStatus.PENDING)
						? step.ended(StepStatus.SKIPPED, now, "not run: " + failure) : step);
			}
			for (Step step : rollback) {
				all.add(Step.pending(all.size(), step.name(), step.action(), step.host(), step.params(), true));
			}
			job.update((j) -> j.withSteps(all).withFact(FAILURE, failure));
			job.save();
			return true;
		}
		finish(job, JobStatus.FAILED, failure);
		return false;
	}

	/**
	 * Rolling back a cluster restart brings back what it stopped: every host whose stop
	 * succeeded and whose start did not, in start order, each followed by a health wait.
	 */
	static List<Step> rollbackSteps(Job job) {
		Map<String, Boolean> stopped = new LinkedHashMap<>();
		for (Step step : job.steps()) {
			if (step.action() == Action.STOP && step.status() == StepStatus.SUCCEEDED) {
				stopped.put(step.host(), true);
			}
			if (step.action() == Action.START && step.status() == StepStatus.SUCCEEDED) {
				stopped.remove(step.host());
			}
		}
		List<Step> rollback = new ArrayList<>();
		for (Step step : job.steps()) {
			if (step.action() == Action.START && stopped.remove(step.host()) != null) {
				rollback
					.add(Step.pending(0, "rollback: start " + step.host(), Action.START, step.host(), Map.of(), true));
				rollback.add(Step.pending(0, "rollback: await health of " + step.host(), Action.AWAIT_HEALTH,
						step.host(), Map.of(), true));
			}
		}
		return rollback;
	}

	private void finish(RunningJob job, JobStatus status, String why) {
		Job finished = job.update((j) -> j.finished(status, this.clock.instant(), why));
		if (!this.store.finish(finished, this.owner)) {
			logger.warn("Could not record the end of job {}: its lease is no longer ours", finished.id());
			return;
		}
		logger.info("Job {} ({} {}) {}: {}", finished.id(), finished.type(), finished.hosts(), status, why);
		this.listener.finished(finished);
	}

	private void releaseQuietly(String jobId) {
		try {
			this.store.releaseLease(jobId, this.owner);
		}
		catch (RuntimeException ex) {
			// The lease expires by itself.
		}
	}

	private static String describe(RuntimeException ex) {
		return (ex.getMessage() != null) ? ex.getMessage() : ex.getClass().getSimpleName();
	}

}

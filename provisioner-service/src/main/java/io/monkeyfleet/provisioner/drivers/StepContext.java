package io.monkeyfleet.provisioner.drivers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** What a driver may use while it carries out one step of a job. */
public interface StepContext {

	String jobId();

	/** The step's parameters (from the plan, never free text from a request). */
	Map<String, String> params();

	/**
	 * When the step first started; kept when a restarted provisioner resumes it, so waits
	 * measured from it do not start over.
	 */
	Instant stepStartedAt();

	Clock clock();

	/** Adds a line to the step's output excerpt. */
	void output(String line);

	/**
	 * @throws JobCancelledException when someone cancelled the job
	 */
	void checkCancelled();

	/**
	 * Waits, returning early with an exception when the job is cancelled or the
	 * provisioner shuts down. This is the poll interval of a wait with a deadline, never
	 * a fixed sleep standing in for a condition.
	 */
	void pause(Duration duration);

	/** A value an earlier step of this job remembered (such as a boot id). */
	Optional<String> fact(String key);

	/** Remembers a value for later steps; kept in Redis with the job. */
	void remember(String key, String value);

	/**
	 * Waits until {@code ready} says yes, checking every {@code interval}, failing the
	 * step when {@code timeout} passes first.
	 */
	default void awaitCondition(String what, Duration timeout, Duration interval, Condition ready) {
		Instant deadline = clock().instant().plus(timeout);
		String last = null;
		while (true) {
			checkCancelled();
			Optional<String> notYet = ready.notYet();
			if (notYet.isEmpty()) {
				return;
			}
			if (!notYet.get().equals(last)) {
				output(what + ": " + notYet.get());
				last = notYet.get();
			}
			if (!clock().instant().isBefore(deadline)) {
				throw new StepFailedException(what + " did not happen within " + timeout + " (last: " + last + ")");
			}
			pause(interval);
		}
	}

	/** A condition that says why it does not hold yet, or nothing when it does. */
	@FunctionalInterface
	interface Condition {

		Optional<String> notYet();

	}

}

package io.monkeyfleet.provisioner.jobs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An asynchronous piece of work on one or more hosts, kept in Redis from the moment it is
 * accepted until well after it ends.
 *
 * @param id the job's id
 * @param type what it does
 * @param status where it is
 * @param hosts every host it acts on; each is locked to this job while it is active
 * @param params what the request said beyond the hosts (template, target, failure
 * policy), validated
 * @param steps what it does, in order; a rollback appends steps
 * @param fencingToken the caller's fencing token when it asked
 * @param requestedBy the authenticated caller
 * @param reason why the caller asked, as the caller said it (kept, never executed)
 * @param createdAt when it was accepted
 * @param startedAt when its first step started, or {@code null}
 * @param endedAt when it finished, or {@code null}
 * @param message how it ended, in words, or {@code null}
 * @param facts what steps remembered for later steps (a boot id before a reboot)
 * @param resumes how many times a provisioner took it over after an interruption
 */
public record Job(String id, JobType type, JobStatus status, List<String> hosts, Map<String, String> params,
		List<Step> steps, long fencingToken, String requestedBy, String reason, Instant createdAt, Instant startedAt,
		Instant endedAt, String message, Map<String, String> facts, int resumes) {

	public Job {
		hosts = List.copyOf(hosts);
		params = (params != null) ? Map.copyOf(params) : Map.of();
		steps = List.copyOf(steps);
		facts = (facts != null) ? Map.copyOf(facts) : Map.of();
	}

	/** The first step that has not finished, if any. */
	public Optional<Step> currentStep() {
		return this.steps.stream().filter((step) -> !step.status().finished()).findFirst();
	}

	Job withStep(int index, UnaryOperator<Step> change) {
		List<Step> changed = new ArrayList<>(this.steps);
		changed.set(index, change.apply(changed.get(index)));
		return new Job(this.id, this.type, this.status, this.hosts, this.params, changed, this.fencingToken,
				this.requestedBy, this.reason, this.createdAt, this.startedAt, this.endedAt, this.message, this.facts,
				this.resumes);
	}

	Job withSteps(List<Step> newSteps) {
		return new Job(this.id, this.type, this.status, this.hosts, this.params, newSteps, this.fencingToken,
				this.requestedBy, this.reason, this.createdAt, this.startedAt, this.endedAt, this.message, this.facts,
				this.resumes);
	}

	Job running(Instant now) {
		return new Job(this.id, this.type, JobStatus.RUNNING, this.hosts, this.params, this.steps, this.fencingToken,
				this.requestedBy, this.reason, this.createdAt, (this.startedAt != null) ? this.startedAt : now, null,
				null, this.facts, this.resumes);
	}

	Job resumed() {
		return new Job(this.id, this.type, this.status, this.hosts, this.params, this.steps, this.fencingToken,
				this.requestedBy, this.reason, this.createdAt, this.startedAt, this.endedAt, this.message, this.facts,
				this.resumes + 1);
	}

	Job finished(JobStatus result, Instant now, String why) {
		List<Step> closed = this.steps.stream()
			.map((step) -> step.status() == StepStatus.PENDING ? step.ended(StepStatus.SKIPPED, now, why) : step)
			.toList();
		return new Job(this.id, this.type, result, this.hosts, this.params, closed, this.fencingToken, this.requestedBy,
				this.reason, this.createdAt, this.startedAt, now, why, this.facts, this.resumes);
	}

	Job withFact(String key, String value) {
		Map<String, String> changed = new java.util.HashMap<>(this.facts);
		changed.put(key, value);
		return new Job(this.id, this.type, this.status, this.hosts, this.params, this.steps, this.fencingToken,
				this.requestedBy, this.reason, this.createdAt, this.startedAt, this.endedAt, this.message, changed,
				this.resumes);
	}

}

package io.monkeyfleet.provisioner.jobs;

/** A finished job cannot be cancelled. */
public class JobFinishedException extends RuntimeException {

	private final Job job;

	public JobFinishedException(Job job) {
		super("job '" + job.id() + "' already finished (" + job.status() + ")");
		this.job = job;
	}

	public Job job() {
		return this.job;
	}

}

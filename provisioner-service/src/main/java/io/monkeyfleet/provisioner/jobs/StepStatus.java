package io.monkeyfleet.provisioner.jobs;

/** Where a step is. */
public enum StepStatus {

	PENDING, RUNNING, SUCCEEDED, FAILED,
	/** Not run: the job failed or was cancelled before it. */
	SKIPPED;

	public boolean finished() {
		return this == SUCCEEDED || this == FAILED || this == SKIPPED;
	}

}

package io.monkeyfleet.provisioner.jobs;

/** Where a job is. A finished job never changes again. */
public enum JobStatus {

	QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

	public boolean finished() {
		return this == SUCCEEDED || this == FAILED || this == CANCELLED;
	}

}

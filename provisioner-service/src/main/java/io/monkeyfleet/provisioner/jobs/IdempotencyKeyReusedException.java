package io.monkeyfleet.provisioner.jobs;

/** An idempotency key came back with a different request than the one it first named. */
public class IdempotencyKeyReusedException extends RuntimeException {

	private final String jobId;

	public IdempotencyKeyReusedException(String jobId) {
		super("this Idempotency-Key was used for a different request (job '" + jobId
				+ "'); use a new key for a new request");
		this.jobId = jobId;
	}

	public String jobId() {
		return this.jobId;
	}

}

package io.monkeyfleet.monkey.provisioning;

/**
 * What monkey-service asks of the provisioner. Every call that changes a host carries the
 * caller's fencing token (the provisioner refuses a token older than the newest it has
 * seen, so a deposed leader cannot act) and an idempotency key (a retried call returns
 * the same job instead of starting a second one).
 */
public interface Provisioner {

	/**
	 * Asks for the host to be rebooted.
	 * @return the job's id
	 * @throws ProvisionerException when the provisioner refused or could not be reached
	 */
	String reboot(String hostId, long fencingToken, String idempotencyKey, String reason);

	/**
	 * Where a job stands now.
	 * @throws ProvisionerException when the provisioner could not be reached
	 */
	JobState job(String jobId);

	/** A job's standing, as far as the monkey cares. */
	enum JobState {

		/** Queued or running. */
		RUNNING,
		/** Finished, every step done. */
		SUCCEEDED,
		/** Finished without doing what was asked (failed, cancelled, or lost). */
		FAILED

	}

}

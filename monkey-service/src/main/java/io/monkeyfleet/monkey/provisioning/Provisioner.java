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
	 * Asks for a new host from a launch template.
	 * @return the job, and the id the new host will have
	 * @throws ProvisionerException when the provisioner refused or could not be reached
	 */
	LaunchJob launch(String template, long fencingToken, String idempotencyKey, String reason);

	/**
	 * Asks for a launched host to be terminated.
	 * @return the job's id
	 */
	String terminate(String hostId, long fencingToken, String idempotencyKey, String reason);

	/**
	 * Asks for the source host's service to be copied to the target host and started
	 * there; the source keeps running.
	 * @return the job's id
	 */
	String migrate(String sourceHostId, String targetHostId, long fencingToken, String idempotencyKey, String reason);

	/**
	 * Restarts one host through the provisioner's ordered cluster restart (stop, start,
	 * await health, smoke test).
	 * @param smokeTestPath the path the smoke test asks for, or {@code null} for the
	 * host's health path
	 * @return the job's id
	 */
	String restart(String hostId, String smokeTestPath, long fencingToken, String idempotencyKey, String reason);

	/**
	 * Where a job stands now.
	 * @throws ProvisionerException when the provisioner could not be reached
	 */
	JobState job(String jobId);

	/**
	 * A launch job.
	 *
	 * @param jobId the job
	 * @param hostId the id of the host being launched
	 */
	record LaunchJob(String jobId, String hostId) {
	}

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

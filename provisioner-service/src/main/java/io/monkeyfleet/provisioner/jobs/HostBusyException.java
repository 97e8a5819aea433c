package io.monkeyfleet.provisioner.jobs;

/** An active job already holds a host the request names. */
public class HostBusyException extends RuntimeException {

	private final String hostId;

	private final String jobId;

	public HostBusyException(String hostId, String jobId) {
		super("host '" + hostId + "' is busy with job '" + jobId + "'; wait for it or cancel it");
		this.hostId = hostId;
		this.jobId = jobId;
	}

	public String hostId() {
		return this.hostId;
	}

	public String jobId() {
		return this.jobId;
	}

}

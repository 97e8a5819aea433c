package io.monkeyfleet.provisioner.jobs;

/** No job has that id (or it expired after its retention). */
public class NoSuchJobException extends RuntimeException {

	public NoSuchJobException(String jobId) {
		super("no job '" + jobId + "'");
	}

}

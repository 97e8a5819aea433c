package io.monkeyfleet.provisioner.drivers;

/** The job was cancelled while a step ran; the step stops at once. */
public class JobCancelledException extends RuntimeException {

	public JobCancelledException() {
		super("cancelled");
	}

}

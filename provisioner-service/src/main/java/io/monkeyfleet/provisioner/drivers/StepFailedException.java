package io.monkeyfleet.provisioner.drivers;

/** A step could not do what it should; the message is what the job reports. */
public class StepFailedException extends RuntimeException {

	public StepFailedException(String message) {
		super(message);
	}

	public StepFailedException(String message, Throwable cause) {
		super(message, cause);
	}

}

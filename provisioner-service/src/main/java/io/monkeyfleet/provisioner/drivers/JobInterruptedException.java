package io.monkeyfleet.provisioner.drivers;

/**
 * The provisioner is shutting down while a step runs: the job is left running in Redis
 * for the next provisioner to resume or fail.
 */
public class JobInterruptedException extends RuntimeException {

	public JobInterruptedException() {
		super("provisioner shutting down");
	}

}

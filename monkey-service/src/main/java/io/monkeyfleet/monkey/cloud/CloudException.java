package io.monkeyfleet.monkey.cloud;

import io.monkeyfleet.monkey.provisioning.ProvisionerException;

/**
 * A cloud call that was refused or could not be made. The caller retries on a later tick
 * with the same idempotency key. {@link #unanswered()}: the call has no answer yet (it
 * may still succeed), so a step must be tried again as it is, never given up on.
 */
public class CloudException extends RuntimeException {

	private final boolean unanswered;

	public CloudException(String message) {
		this(message, null);
	}

	public CloudException(String message, Throwable cause) {
		super(message, cause);
		this.unanswered = cause instanceof ProvisionerException provisioner && provisioner.unanswered();
	}

	public boolean unanswered() {
		return this.unanswered;
	}

}

package io.monkeyfleet.monkey.cloud;

/**
 * A cloud call that was refused or could not be made. The caller retries on a later tick
 * with the same idempotency key.
 */
public class CloudException extends RuntimeException {

	public CloudException(String message) {
		super(message);
	}

	public CloudException(String message, Throwable cause) {
		super(message, cause);
	}

}

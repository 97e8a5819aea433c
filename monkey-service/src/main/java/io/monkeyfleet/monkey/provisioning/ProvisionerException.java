package io.monkeyfleet.monkey.provisioning;

/**
 * The provisioner refused a request or could not be reached. {@code stale} marks a
 * refused fencing token: this replica is no longer the leader and must stop acting.
 */
public class ProvisionerException extends RuntimeException {

	private final boolean stale;

	public ProvisionerException(String message, boolean stale, Throwable cause) {
		super(message, cause);
		this.stale = stale;
	}

	public boolean staleFencingToken() {
		return this.stale;
	}

}

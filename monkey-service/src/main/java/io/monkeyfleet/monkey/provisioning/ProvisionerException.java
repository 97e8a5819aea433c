package io.monkeyfleet.monkey.provisioning;

/**
 * The provisioner refused a request or could not be reached. {@code stale} marks a
 * refused fencing token: this replica is no longer the leader and must stop acting.
 * {@link #unanswered()} marks a request with no answer yet (asked and still waiting, or
 * not asked while an earlier one waits): neither refused nor failed, so the step is tried
 * again as it is, with the same idempotency key.
 */
public class ProvisionerException extends RuntimeException {

	private final boolean stale;

	private final boolean unanswered;

	public ProvisionerException(String message, boolean stale, Throwable cause) {
		this(message, stale, false, cause);
	}

	private ProvisionerException(String message, boolean stale, boolean unanswered, Throwable cause) {
		super(message, cause);
		this.stale = stale;
		this.unanswered = unanswered;
	}

	/** A request with no answer yet: try the same step again later. */
	public static ProvisionerException unanswered(String message) {
		return new ProvisionerException(message, false, true, null);
	}

	public boolean staleFencingToken() {
		return this.stale;
	}

	public boolean unanswered() {
		return this.unanswered;
	}

}

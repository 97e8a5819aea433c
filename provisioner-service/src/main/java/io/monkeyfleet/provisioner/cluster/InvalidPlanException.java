package io.monkeyfleet.provisioner.cluster;

/** A restart plan that cannot run: a cycle, an unknown host, a host named twice. */
public class InvalidPlanException extends RuntimeException {

	private final String culprit;

	public InvalidPlanException(String culprit, String message) {
		super(message);
		this.culprit = culprit;
	}

	/** The host (or the cycle, {@code a -> b -> a}) at fault. */
	public String culprit() {
		return this.culprit;
	}

}

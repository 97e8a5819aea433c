package io.monkeyfleet.provisioner.inventory;

/** A request named a host (or launch template) that is not in the inventory. */
public class NoSuchHostException extends RuntimeException {

	private final String hostId;

	public NoSuchHostException(String hostId, String what) {
		super(what + " '" + hostId + "' is not in the inventory");
		this.hostId = hostId;
	}

	public String hostId() {
		return this.hostId;
	}

}

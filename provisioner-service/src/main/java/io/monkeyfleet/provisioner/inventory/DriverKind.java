package io.monkeyfleet.provisioner.inventory;

/** How the provisioner reaches a host; chosen per host in the inventory. */
public enum DriverKind {

	/** A process group on the provisioner's own machine (the local stack, tests). */
	LOCAL,
	/** A VM reached over SSH; its commands come from a configured command set. */
	SSH,
	/** An EC2 instance, driven through the EC2 API. */
	AWS,
	/**
	 * A pair of containers (the app and its monitor agent) on a Docker engine, found by
	 * their labels.
	 */
	DOCKER

}

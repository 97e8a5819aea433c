package io.monkeyfleet.provisioner.drivers;

/** What a caller asks for on one host; a driver turns it into {@link Action}s. */
public enum Operation {

	REBOOT, RESTART, DEPLOY, LAUNCH, TERMINATE, STOP, START, MIGRATE_TO

}

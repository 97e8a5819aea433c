package io.monkeyfleet.provisioner.drivers.local;

/**
 * What the local driver does, at start-up, with process groups a previous provisioner
 * started and left running (it crashed, or was restarted).
 */
public enum StaleProcessPolicy {

	/**
	 * Take them over: they keep serving, and stop, reboot and terminate act on them as on
	 * any other. A provisioner restart then never takes the local fleet down.
	 */
	ADOPT,
	/** Stop them, so every host starts from a known state. */
	KILL

}

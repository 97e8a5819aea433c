package io.monkeyfleet.monkey.rules;

/** What a rule proposes. */
public enum Action {

	/** Move a JOINING node to ACTIVE: it has proven healthy. */
	ADMIT,
	/** Drain, reboot and re-admit a sick ACTIVE node (the doctor's workflow). */
	REPAIR

}

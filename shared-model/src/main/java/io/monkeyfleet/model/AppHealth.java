package io.monkeyfleet.model;

/** What the agent's probe of the local application's health URL found. */
public enum AppHealth {

	/** The health URL answered 2xx within the probe timeout. */
	UP,
	/**
	 * It answered otherwise, refused the connection, or did not answer within the
	 * timeout.
	 */
	DOWN,
	/** Not probed (no health URL configured, or the agent is just starting). */
	UNKNOWN

}

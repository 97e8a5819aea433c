package io.monkeyfleet.provisioner;

/**
 * Configuration that binds but does not hang together (a host naming a command set that
 * does not exist); reported at start-up as one line.
 */
class InvalidConfigurationException extends RuntimeException {

	private final String fix;

	InvalidConfigurationException(String message, String fix) {
		super(message);
		this.fix = fix;
	}

	String fix() {
		return this.fix;
	}

}

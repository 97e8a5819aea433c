package io.monkeyfleet.provisioner.drivers;

/** The host's driver cannot do what was asked (terminate a plain SSH host, say). */
public class UnsupportedOperationForHostException extends RuntimeException {

	public UnsupportedOperationForHostException(String message) {
		super(message);
	}

}

package io.monkeyfleet.gateway.seed;

/** A seed file that cannot be read or holds an invalid pool or route. */
class BadSeedFileException extends IllegalArgumentException {

	BadSeedFileException(String message, Throwable cause) {
		super(message, cause);
	}

}

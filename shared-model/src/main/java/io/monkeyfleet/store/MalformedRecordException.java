package io.monkeyfleet.store;

/**
 * Data read from Redis that does not make a valid record: bad JSON, a missing field, a
 * value out of range, a timestamp in the future. The store logs it and treats the record
 * as absent; it is never handed on as if it were valid.
 */
public class MalformedRecordException extends RuntimeException {

	private final String source;

	public MalformedRecordException(String source, String problem, Throwable cause) {
		super(source + ": " + problem, cause);
		this.source = source;
	}

	/** The Redis key (or channel) the data came from. */
	public String source() {
		return this.source;
	}

}

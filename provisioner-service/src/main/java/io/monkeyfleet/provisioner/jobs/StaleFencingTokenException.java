package io.monkeyfleet.provisioner.jobs;

/** The caller's fencing token is older than the newest one seen: it lost its lease. */
public class StaleFencingTokenException extends RuntimeException {

	private final long token;

	private final long newest;

	public StaleFencingTokenException(long token, long newest) {
		super("fencing token " + token + " is older than the newest seen, " + newest
				+ "; the caller no longer holds the lease");
		this.token = token;
		this.newest = newest;
	}

	public long token() {
		return this.token;
	}

	public long newest() {
		return this.newest;
	}

}

package io.monkeyfleet.provisioner.jobs;

/** What happened to a submitted job. */
public sealed interface SubmitOutcome {

	/** Accepted and queued. */
	record Accepted(Job job) implements SubmitOutcome {
	}

	/** The idempotency key was seen with the same request: this is the job it made. */
	record Replayed(Job job) implements SubmitOutcome {
	}

	/** The idempotency key was seen with a different request. */
	record KeyReused(String jobId) implements SubmitOutcome {
	}

	/** The fencing token is older than the newest one seen. */
	record StaleToken(long newest) implements SubmitOutcome {
	}

	/** An active job holds one of the hosts. */
	record HostBusy(String hostId, String jobId) implements SubmitOutcome {
	}

}

package io.monkeyfleet.provisioner.jobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Accepts planned jobs: one atomic step in Redis checks the idempotency key, the fencing
 * token and the host locks, then the job is handed to the engine.
 */
public class JobSubmitter {

	private final JobStore store;

	private final JobEngine engine;

	public JobSubmitter(JobStore store, JobEngine engine) {
		this.store = store;
		this.engine = engine;
	}

	/**
	 * @param idempotencyKey the caller's {@code Idempotency-Key}, or {@code null}
	 * @param request what identifies the request (method, path and body), to tell a retry
	 * from a reuse of the key
	 * @return the job, and whether it is a replay of an earlier request
	 * @throws StaleFencingTokenException, HostBusyException,
	 * IdempotencyKeyReusedException
	 */
	public Submitted submit(Job job, String idempotencyKey, String request) {
		JobStore.IdempotencyKey key = (idempotencyKey != null)
				? new JobStore.IdempotencyKey(job.requestedBy(), sha256(idempotencyKey)) : null;
		SubmitOutcome outcome = this.store.submit(job, key, sha256(request));
		if (outcome instanceof SubmitOutcome.Accepted accepted) {
			this.engine.enqueue(accepted.job().id());
			return new Submitted(accepted.job(), false);
		}
		if (outcome instanceof SubmitOutcome.Replayed replayed) {
			return new Submitted(replayed.job(), true);
		}
		if (outcome instanceof SubmitOutcome.KeyReused reused) {
			throw new IdempotencyKeyReusedException(reused.jobId());
		}
		if (outcome instanceof SubmitOutcome.StaleToken stale) {
			throw new StaleFencingTokenException(job.fencingToken(), stale.newest());
		}
		SubmitOutcome.HostBusy busy = (SubmitOutcome.HostBusy) outcome;
		throw new HostBusyException(busy.hostId(), busy.jobId());
	}

	/**
	 * Checks a fencing token for a request that starts no job (a cancel).
	 * @throws StaleFencingTokenException when it is older than the newest seen
	 */
	public void checkFencingToken(long token) {
		this.store.checkFencingToken(token).ifPresent((newest) -> {
			throw new StaleFencingTokenException(token, newest);
		});
	}

	static String sha256(String text) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

	/**
	 * @param job the job
	 * @param replayed whether an earlier request with the same idempotency key made it
	 */
	public record Submitted(Job job, boolean replayed) {
	}

}

package io.monkeyfleet.provisioner.web;

import java.net.URI;

import io.monkeyfleet.provisioner.jobs.Caller;
import io.monkeyfleet.provisioner.jobs.Job;
import io.monkeyfleet.provisioner.jobs.JobSubmitter;
import io.monkeyfleet.store.FleetCodec;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;

/**
 * What every job-starting endpoint shares: the headers, the caller, and the
 * {@code 202 Accepted} answer with the job and its {@code Location}.
 */
public class JobRequests {

	/** The caller's fencing token (from monkey-service's lease); required. */
	public static final String FENCING_TOKEN = "Fencing-Token";

	/** Makes a retried request return the job the first one made. */
	public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	/** Set to {@code true} on the answer to a replayed request. */
	public static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

	/** Printable ASCII, no spaces, 1 to 255 characters. */
	public static final String IDEMPOTENCY_KEY_PATTERN = "[\\x21-\\x7E]{1,255}";

	private final JobSubmitter submitter;

	private final FleetCodec codec;

	public JobRequests(JobSubmitter submitter, FleetCodec codec) {
		this.submitter = submitter;
		this.codec = codec;
	}

	public static Caller caller(Authentication authentication, long fencingToken, String reason) {
		return new Caller(authentication.getName(), fencingToken, reason);
	}

	/**
	 * Submits the job and answers {@code 202} with it, or with the job an earlier request
	 * with the same idempotency key made.
	 * @param body the request's body (or {@code null}), part of what identifies a retry
	 */
	public ResponseEntity<Job> submit(Job job, String idempotencyKey, HttpServletRequest request, Object body) {
		String identity = request.getMethod() + " " + request.getRequestURI() + " "
				+ ((body != null) ? this.codec.encode(body) : "");
		JobSubmitter.Submitted submitted = this.submitter.submit(job, idempotencyKey, identity);
		ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.ACCEPTED)
			.location(URI.create("/jobs/" + submitted.job().id()));
		if (submitted.replayed()) {
			answer.header(IDEMPOTENT_REPLAYED, "true");
		}
		return answer.body(submitted.job());
	}

	public void checkFencingToken(long token) {
		this.submitter.checkFencingToken(token);
	}

}

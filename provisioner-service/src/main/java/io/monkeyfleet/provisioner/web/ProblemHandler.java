package io.monkeyfleet.provisioner.web;

import java.net.URI;
import java.util.stream.Collectors;

import io.monkeyfleet.provisioner.cluster.InvalidPlanException;
import io.monkeyfleet.provisioner.drivers.UnsupportedOperationForHostException;
import io.monkeyfleet.provisioner.inventory.NoSuchHostException;
import io.monkeyfleet.provisioner.jobs.HostBusyException;
import io.monkeyfleet.provisioner.jobs.IdempotencyKeyReusedException;
import io.monkeyfleet.provisioner.jobs.JobFinishedException;
import io.monkeyfleet.provisioner.jobs.NoSuchJobException;
import io.monkeyfleet.provisioner.jobs.StaleFencingTokenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error as an RFC 9457 problem: a type URI per kind of problem, a title, the
 * status, a detail in words, and the facts a caller acts on (the culprit of a bad plan,
 * the newest fencing token, the job holding a host). Never a stack trace. Spring MVC's
 * own errors (validation, a missing header, a bad body) come out the same way through the
 * base class.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(ProblemHandler.class);

	/** Prefix of every problem type this service defines. */
	public static final String TYPE_PREFIX = "urn:monkeyfleet:problem:";

	@ExceptionHandler(NoSuchHostException.class)
	ProblemDetail noSuchHost(NoSuchHostException ex, HttpServletRequest request) {
		// A host in the URL path is a missing resource; one in a body is a bad request.
		String uri = request.getRequestURI();
		boolean inPath = uri.equals("/hosts/" + ex.hostId()) || uri.startsWith("/hosts/" + ex.hostId() + "/");
		ProblemDetail problem = problem(inPath ? HttpStatus.NOT_FOUND : HttpStatus.BAD_REQUEST, "unknown-host",
				"Unknown host", ex.getMessage());
		problem.setProperty("hostId", ex.hostId());
		return problem;
	}

	@ExceptionHandler(InvalidPlanException.class)
	ProblemDetail invalidPlan(InvalidPlanException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-plan", "Invalid restart plan",
				ex.getMessage());
		problem.setProperty("culprit", ex.culprit());
		return problem;
	}

	@ExceptionHandler(StaleFencingTokenException.class)
	ProblemDetail staleToken(StaleFencingTokenException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "stale-fencing-token", "Stale fencing token",
				ex.getMessage());
		problem.setProperty("fencingToken", ex.token());
		problem.setProperty("newestFencingToken", ex.newest());
		return problem;
	}

	@ExceptionHandler(HostBusyException.class)
	ProblemDetail hostBusy(HostBusyException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "host-busy", "Host busy", ex.getMessage());
		problem.setProperty("hostId", ex.hostId());
		problem.setProperty("jobId", ex.jobId());
		return problem;
	}

	@ExceptionHandler(IdempotencyKeyReusedException.class)
	ProblemDetail keyReused(IdempotencyKeyReusedException ex) {
		ProblemDetail problem = problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
				"Idempotency key reused", ex.getMessage());
		problem.setProperty("jobId", ex.jobId());
		return problem;
	}

	@ExceptionHandler(UnsupportedOperationForHostException.class)
	ProblemDetail unsupported(UnsupportedOperationForHostException ex) {
		return problem(HttpStatus.UNPROCESSABLE_CONTENT, "unsupported-operation", "Not possible for this host",
				ex.getMessage());
	}

	@ExceptionHandler(NoSuchJobException.class)
	ProblemDetail noSuchJob(NoSuchJobException ex) {
		return problem(HttpStatus.NOT_FOUND, "unknown-job", "Unknown job", ex.getMessage());
	}

	@ExceptionHandler(JobFinishedException.class)
	ProblemDetail finished(JobFinishedException ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "job-finished", "Job already finished", ex.getMessage());
		problem.setProperty("jobStatus", ex.job().status().name());
		return problem;
	}

	@ExceptionHandler(ConstraintViolationException.class)
	ProblemDetail invalid(ConstraintViolationException ex) {
		String detail = ex.getConstraintViolations()
			.stream()
			.map((violation) -> violation.getPropertyPath() + " " + violation.getMessage())
			.sorted()
			.collect(Collectors.joining("; "));
		return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", detail);
	}

	@ExceptionHandler(AuthenticationException.class)
	ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException ex) {
		ProblemDetail problem = problem(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
				"send a bearer token or HTTP Basic credentials");
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"provisioner\", Basic realm=\"provisioner\"")
			.body(problem);
	}

	@ExceptionHandler(AccessDeniedException.class)
	ProblemDetail forbidden(AccessDeniedException ex) {
		return problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
				"your role may not do this; operators act, viewers only read");
	}

	@ExceptionHandler(DataAccessException.class)
	ProblemDetail redisUnavailable(DataAccessException ex) {
		logger.warn("Redis unavailable: {}", ex.getMessage());
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Store unavailable",
				"the provisioner cannot reach Redis; nothing was done, try again");
	}

	/**
	 * A body sent as multipart (or with a broken multipart boundary) to an API that takes
	 * JSON: the client's mistake, not the provisioner's.
	 */
	@ExceptionHandler(MultipartException.class)
	ProblemDetail multipart(MultipartException ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				"the body is not readable; send JSON (Content-Type: application/json)");
	}

	@ExceptionHandler(RuntimeException.class)
	ProblemDetail unexpected(RuntimeException ex) {
		logger.error("Unexpected error", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
				"something unexpected went wrong; the provisioner's log has the details");
	}

	static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_PREFIX + type));
		problem.setTitle(title);
		return problem;
	}

}

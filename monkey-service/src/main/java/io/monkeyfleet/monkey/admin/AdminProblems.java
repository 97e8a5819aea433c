package io.monkeyfleet.monkey.admin;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the admin API as an RFC 9457 problem: a type per kind of problem, a
 * title, the status, a detail in words, and the facts a caller acts on (the node's
 * current state, the guard rail that refused, the fields that were wrong). Never a stack
 * trace. Spring MVC's own errors (a malformed body, a missing parameter, an unknown path)
 * come out the same way through the base class.
 */
@RestControllerAdvice
class AdminProblems extends ResponseEntityExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(AdminProblems.class);

	/** Prefix of every problem type this service defines. */
	static final String TYPE_PREFIX = "urn:monkeyfleet:problem:";

	@ExceptionHandler(AdminExceptions.NotFound.class)
	ProblemDetail notFound(AdminExceptions.NotFound ex) {
		ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "unknown-" + ex.kind(), "Unknown " + ex.kind(),
				ex.getMessage());
		problem.setProperty(ex.kind(), ex.id());
		return problem;
	}

	@ExceptionHandler(AdminExceptions.IllegalAction.class)
	ProblemDetail illegalAction(AdminExceptions.IllegalAction ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "illegal-transition", "Not possible in this state",
				ex.getMessage());
		problem.setProperty("node", ex.nodeId());
		problem.setProperty("currentState", ex.current());
		problem.setProperty("allowedFrom", ex.allowedFrom().stream().sorted().toList());
		return problem;
	}

	@ExceptionHandler(AdminExceptions.Refused.class)
	ProblemDetail refused(AdminExceptions.Refused ex) {
		OperatorVerdict verdict = ex.verdict();
		boolean moved = "state-changed".equals(verdict.guard());
		ProblemDetail problem = problem(HttpStatus.CONFLICT, moved ? "illegal-transition" : "refused",
				moved ? "Not possible in this state" : "Refused by a guard rail", verdict.why());
		problem.setProperty("guard", verdict.guard());
		problem.setProperty("node", verdict.nodeId());
		problem.setProperty("requestId", verdict.requestId());
		if (verdict.state() != null) {
			problem.setProperty("currentState", verdict.state());
		}
		return problem;
	}

	@ExceptionHandler(AdminExceptions.RestartRefused.class)
	ProblemDetail restartRefused(AdminExceptions.RestartRefused ex) {
		ProblemDetail problem = problem(HttpStatus.CONFLICT, "refused", "Refused by a guard rail",
				ex.view().what() + ": " + ex.getMessage());
		problem.setProperty("guard", ex.view().guard());
		problem.setProperty("hosts", ex.view().hosts());
		return problem;
	}

	@ExceptionHandler(AdminExceptions.InvalidSetting.class)
	ProblemDetail invalidSetting(AdminExceptions.InvalidSetting ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-setting", "Invalid setting", ex.getMessage());
		problem.setProperty("property", ex.property());
		return problem;
	}

	@ExceptionHandler(AdminExceptions.InvalidRequest.class)
	ProblemDetail invalid(AdminExceptions.InvalidRequest ex) {
		return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", ex.getMessage());
	}

	@ExceptionHandler(AdminExceptions.AlreadyExists.class)
	ProblemDetail exists(AdminExceptions.AlreadyExists ex) {
		return problem(HttpStatus.CONFLICT, "already-exists", "Already exists", ex.getMessage());
	}

	@ExceptionHandler(EventFeed.TooManySubscribersException.class)
	ProblemDetail tooMany(EventFeed.TooManySubscribersException ex) {
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "too-many-subscribers", "Too many subscribers", ex.getMessage());
	}

	@ExceptionHandler(AuthenticationException.class)
	ResponseEntity<ProblemDetail> unauthenticated(AuthenticationException ex) {
		ProblemDetail problem = problem(HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
				"sign in, or send a bearer token or HTTP Basic credentials");
		// No Basic challenge: a browser that saw one would remember the credentials and
		// send them with cross-site requests too (see SecurityConfiguration).
		return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
			.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"monkey-service\"")
			.body(problem);
	}

	@ExceptionHandler(AccessDeniedException.class)
	ProblemDetail forbidden(AccessDeniedException ex) {
		return problem(HttpStatus.FORBIDDEN, "forbidden", "Not allowed",
				"your role may not do this: operators act, viewers only read");
	}

	@ExceptionHandler(DataAccessException.class)
	ProblemDetail storeUnavailable(DataAccessException ex) {
		logger.warn("Redis unavailable: {}", ex.getMessage());
		return problem(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Store unavailable",
				"monkey-service cannot reach Redis; nothing was done, try again");
	}

	@ExceptionHandler(RuntimeException.class)
	ProblemDetail unexpected(RuntimeException ex) {
		logger.error("Unexpected error", ex);
		return problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
				"something unexpected went wrong; monkey-service's log has the details");
	}

	/** Names every field that is wrong, and why. */
	@Override
	protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		List<Map<String, String>> errors = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map((error) -> Map.of("field", error.getField(), "message", String.valueOf(error.getDefaultMessage())))
			.toList();
		String detail = ex.getBindingResult()
			.getFieldErrors()
			.stream()
			.map(AdminProblems::describe)
			.sorted()
			.collect(Collectors.joining("; "));
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
				detail.isEmpty() ? "the request body is not valid" : detail);
		problem.setProperty("errors", errors);
		return ResponseEntity.badRequest().body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String detail = ex.getParameterValidationResults()
			.stream()
			.flatMap((result) -> result.getResolvableErrors()
				.stream()
				.map((error) -> result.getMethodParameter().getParameterName() + " " + error.getDefaultMessage()))
			.sorted()
			.collect(Collectors.joining("; "));
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
					detail.isEmpty() ? "the request's parameters are not valid" : detail));
	}

	/**
	 * A body that is not JSON, or not the expected shape, or that a record refused: say
	 * which, without the parser's internals.
	 */
	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		return ResponseEntity.badRequest()
			.body(problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request", unreadable(ex)));
	}

	/** Every other problem Spring MVC reports keeps its status, with our type prefix. */
	@Override
	protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
			WebRequest request) {
		if (body instanceof ProblemDetail problem
				&& (problem.getType() == null || URI.create("about:blank").equals(problem.getType()))) {
			problem.setType(URI.create(TYPE_PREFIX + "http-" + statusCode.value()));
		}
		return super.createResponseEntity(body, headers, statusCode, request);
	}

	private static String unreadable(HttpMessageNotReadableException ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
			if (cause instanceof IllegalArgumentException) {
				return "the request body is not valid: " + cause.getMessage();
			}
		}
		String message = String.valueOf(ex.getMessage());
		if (message.contains("Required request body is missing")) {
			return "a JSON request body is required";
		}
		if (message.contains("not one of the values accepted for Enum class")) {
			int start = message.indexOf("not one of the values accepted");
			int end = message.indexOf(']', start);
			return "the request body is not valid: a value is "
					+ message.substring(start, (end > start) ? end + 1 : message.length());
		}
		return "the request body is not valid JSON of the expected shape";
	}

	private static String describe(FieldError error) {
		return error.getField() + " " + error.getDefaultMessage();
	}

	static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_PREFIX + type));
		problem.setTitle(title);
		return problem;
	}

}

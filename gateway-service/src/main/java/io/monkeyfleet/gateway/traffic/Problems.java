package io.monkeyfleet.gateway.traffic;

import java.util.LinkedHashMap;
import java.util.Map;

import io.monkeyfleet.store.FleetCodec;

import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;

/**
 * Which HTTP status a failure is answered with: one mapping for the metrics and the body.
 */
final class Problems {

	/** The RFC 9457 body of a failure: one shape for every answer the gateway makes. */
	static String body(FleetCodec codec, HttpStatusCode status, String detail, String instance) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		HttpStatus known = HttpStatus.resolve(status.value());
		body.put("title", (known != null) ? known.getReasonPhrase() : "Error");
		body.put("status", status.value());
		body.put("detail", detail);
		body.put("instance", instance);
		return codec.encode(body);
	}

	/**
	 * What went wrong, for the client.
	 * @param pool the pool of the request's route
	 * @param request the request's method and path, for "no route matches"
	 */
	static String detail(Throwable error, HttpStatusCode status, String pool, String request) {
		if (error instanceof NotFoundException) {
			return "No node of pool '" + pool + "' can take requests now";
		}
		if (error instanceof ResponseStatusException statusError) {
			if (status.value() == 504) {
				return "The node of pool '" + pool + "' chosen for this request did not answer in time";
			}
			if (status.value() == 404) {
				return "No route matches " + request;
			}
			return (status.is4xxClientError() && statusError.getReason() != null) ? statusError.getReason()
					: "The request could not be handled";
		}
		return switch (Failure.of(error)) {
			case CONNECT, CLOSED -> "No node of pool '" + pool + "' could be reached for this request";
			case TIMEOUT -> "The node of pool '" + pool + "' chosen for this request did not answer in time";
			case OTHER -> "The gateway failed to handle the request";
		};
	}

	private Problems() {
	}

	static HttpStatusCode statusOf(Throwable error) {
		if (error instanceof NotFoundException) {
			// The load balancer found no node; Spring Cloud Gateway says 503 by default.
			return ((NotFoundException) error).getStatusCode();
		}
		if (error instanceof ResponseStatusException status) {
			return status.getStatusCode();
		}
		return switch (Failure.of(error)) {
			case CONNECT, CLOSED -> HttpStatus.BAD_GATEWAY;
			case TIMEOUT -> HttpStatus.GATEWAY_TIMEOUT;
			case OTHER -> HttpStatus.INTERNAL_SERVER_ERROR;
		};
	}

	static Outcome outcomeOf(Throwable error) {
		if (error instanceof NotFoundException) {
			return Outcome.NO_NODE;
		}
		if (error instanceof ResponseStatusException status) {
			return Outcome.ofStatus(status.getStatusCode().value());
		}
		return switch (Failure.of(error)) {
			case CONNECT, CLOSED -> Outcome.UNREACHABLE;
			case TIMEOUT, OTHER -> Outcome.SERVER_ERROR;
		};
	}

}

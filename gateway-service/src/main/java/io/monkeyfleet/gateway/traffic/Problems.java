package io.monkeyfleet.gateway.traffic;

import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ResponseStatusException;

/**
 * Which HTTP status a failure is answered with: one mapping for the metrics and the body.
 */
final class Problems {

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

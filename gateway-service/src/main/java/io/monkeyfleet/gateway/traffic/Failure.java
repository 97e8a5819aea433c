package io.monkeyfleet.gateway.traffic;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.Locale;

import io.micrometer.core.instrument.MeterRegistry;

import reactor.netty.channel.AbortedException;
import reactor.netty.http.client.PrematureCloseException;

import org.springframework.web.server.ResponseStatusException;

/** Why a request to a node got no answer. */
enum Failure {

	/**
	 * The connection was refused or not accepted in time: the request never reached the
	 * node.
	 */
	CONNECT,
	/**
	 * The connection closed before any response: the node died, or dropped the request.
	 */
	CLOSED,
	/** The node did not answer within the response timeout. */
	TIMEOUT,
	/** Anything else. */
	OTHER;

	/** The innermost cause, for a log line or an ejection's evidence. */
	static String describe(Throwable error) {
		Throwable cause = error;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

	/** Counts a retry of a request of this pool that got this failure. */
	void countRetry(MeterRegistry registry, String pool) {
		registry.counter("monkeyfleet.gateway.retries", "pool", pool, "reason", name().toLowerCase(Locale.ROOT))
			.increment();
	}

	static Failure of(Throwable error) {
		for (Throwable cause = error; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
				return CONNECT;
			}
			// Reactor Netty's AbortedException: the pooled connection closed before the
			// request was written (the node died a moment ago). Not an IOException, but
			// the same as a close: nothing reached the node.
			if (cause instanceof PrematureCloseException || cause instanceof AbortedException) {
				return CLOSED;
			}
			if (cause instanceof org.springframework.cloud.gateway.support.TimeoutException
					|| cause instanceof java.util.concurrent.TimeoutException
					|| (cause instanceof ResponseStatusException status && status.getStatusCode().value() == 504)) {
				return TIMEOUT;
			}
			if (cause instanceof IOException) {
				return CLOSED;
			}
		}
		return OTHER;
	}

	/**
	 * Whether an idempotent request may be sent again to another node: it got no answer
	 * and nothing was sent to the client yet. A response timeout counts: a node that
	 * hangs (frozen, deadlocked) holds every request sent to it before it left the
	 * rotation, and an idempotent one is safe to send elsewhere rather than fail.
	 */
	boolean retryable() {
		return this == CONNECT || this == CLOSED || this == TIMEOUT;
	}

}

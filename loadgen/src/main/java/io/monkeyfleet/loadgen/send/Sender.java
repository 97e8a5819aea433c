package io.monkeyfleet.loadgen.send;

import java.util.concurrent.CompletableFuture;

import io.monkeyfleet.loadgen.mix.PlannedRequest;

/**
 * Sends one request without blocking the caller: an open-loop scheduler must never wait
 * for an answer before sending the next request.
 */
public interface Sender extends AutoCloseable {

	/**
	 * Sends {@code request}; the future completes with its answer, never exceptionally (a
	 * failure is an {@link Answer#none(String)}).
	 */
	CompletableFuture<Answer> send(PlannedRequest request);

	@Override
	default void close() {
	}

}

package io.monkeyfleet.gateway.traffic;

import java.util.concurrent.atomic.AtomicBoolean;

import io.monkeyfleet.gateway.balancing.Ticker;
import io.monkeyfleet.gateway.outlier.OutlierDetector;

/**
 * One attempt to send a request to one node, counted in flight from its start until it
 * ends, exactly once: on a failure without an answer, or when the whole exchange
 * (response body included) is done.
 */
final class Call {

	private final NodeStats node;

	private final OutlierDetector outliers;

	private final Ticker ticker;

	private final long startNanos;

	private final AtomicBoolean ended = new AtomicBoolean();

	Call(NodeStats node, OutlierDetector outliers, Ticker ticker) {
		this.node = node;
		this.outliers = outliers;
		this.ticker = ticker;
		this.startNanos = ticker.nanos();
		node.started(this.startNanos);
	}

	String nodeId() {
		return this.node.nodeId;
	}

	/** The node gave no answer. */
	void failed(Failure failure, String detail) {
		if (!this.ended.compareAndSet(false, true)) {
			return;
		}
		long now = this.ticker.nanos();
		switch (failure) {
			case CONNECT -> {
				this.node.finished(Outcome.UNREACHABLE, -1, now);
				this.outliers.connectionFailed(this.node.nodeId, this.node.pool, detail);
			}
			case CLOSED -> {
				this.node.finished(Outcome.UNREACHABLE, -1, now);
				this.outliers.serverError(this.node.nodeId, this.node.pool, detail);
			}
			case TIMEOUT -> {
				// A timeout is the slowest kind of answer: it counts in the latency.
				this.node.finished(Outcome.SERVER_ERROR, now - this.startNanos, now);
				this.outliers.serverError(this.node.nodeId, this.node.pool, detail);
			}
			case OTHER -> this.node.finished(Outcome.SERVER_ERROR, -1, now);
		}
	}

	/** The exchange is done, with this status sent to the client. */
	void completed(int status) {
		if (!this.ended.compareAndSet(false, true)) {
			return;
		}
		long now = this.ticker.nanos();
		Outcome outcome = Outcome.ofStatus(status);
		this.node.finished(outcome, now - this.startNanos, now);
		if (outcome == Outcome.SERVER_ERROR) {
			this.outliers.serverError(this.node.nodeId, this.node.pool, "HTTP " + status);
		}
		else {
			this.outliers.succeeded(this.node.nodeId);
		}
	}

	/** The client went away before the end. */
	void cancelled() {
		if (this.ended.compareAndSet(false, true)) {
			this.node.finished(Outcome.CANCELLED, -1, this.ticker.nanos());
		}
	}

}

package io.monkeyfleet.gateway.balancing;

/** What this gateway itself knows about a node's load, from its own traffic. */
public interface LoadSignals {

	/** Requests this gateway has sent to the node that have not finished. */
	int inFlight(String nodeId);

	/**
	 * The node's response time moving average in milliseconds, or {@code NaN} when this
	 * gateway has no measurement yet.
	 */
	double latencyEwmaMillis(String nodeId);

}

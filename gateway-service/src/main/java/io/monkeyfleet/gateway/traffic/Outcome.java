package io.monkeyfleet.gateway.traffic;

import java.util.Locale;

/** How a request ended, as a metric tag. */
enum Outcome {

	/** Below 400. */
	SUCCESS,
	/** 4xx. */
	CLIENT_ERROR,
	/** 5xx from the node, or a response timeout. */
	SERVER_ERROR,
	/** No answer: connection refused, reset or closed. */
	UNREACHABLE,
	/** No node could take the request. */
	NO_NODE,
	/** The client went away first. */
	CANCELLED;

	final String tag = name().toLowerCase(Locale.ROOT);

	static Outcome ofStatus(int status) {
		if (status >= 500) {
			return SERVER_ERROR;
		}
		return (status >= 400) ? CLIENT_ERROR : SUCCESS;
	}

	boolean isError() {
		return this == SERVER_ERROR || this == UNREACHABLE || this == NO_NODE;
	}

}

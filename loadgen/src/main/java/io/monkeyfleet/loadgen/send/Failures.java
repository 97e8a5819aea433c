package io.monkeyfleet.loadgen.send;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.CompletionException;

/** Names why a request got no answer, in the few words a report needs. */
final class Failures {

	private Failures() {
	}

	static String describe(Throwable error) {
		Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
		if (cause instanceof HttpConnectTimeoutException) {
			return "connect timeout";
		}
		if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
			return "timeout";
		}
		for (Throwable c = cause; c != null; c = (c.getCause() != c) ? c.getCause() : null) {
			if (c instanceof ConnectException) {
				return "connect refused";
			}
		}
		if (cause instanceof IOException) {
			String message = cause.getMessage();
			return "closed: " + ((message != null) ? message : cause.getClass().getSimpleName());
		}
		return cause.getClass().getSimpleName() + ((cause.getMessage() != null) ? ": " + cause.getMessage() : "");
	}

}

package io.monkeyfleet.testsupport.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls for tests, with the JDK's client and a timeout on everything. */
public final class Http {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private Http() {
	}

	/** A status and a body read as text. */
	public record Response(int status, String body) {
	}

	public static Response get(String url) {
		return send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build());
	}

	public static Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("HTTP " + request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted during HTTP " + request.method() + " " + request.uri(), ex);
		}
	}

}

package io.monkeyfleet.monkey.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Calls the admin API as one caller (anonymous, a viewer, an operator), with a timeout on
 * everything.
 */
public final class AdminClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

	private final String baseUrl;

	private final String authorization;

	private AdminClient(String baseUrl, String authorization) {
		this.baseUrl = baseUrl;
		this.authorization = authorization;
	}

	public static AdminClient anonymous(String baseUrl) {
		return new AdminClient(baseUrl, null);
	}

	public static AdminClient viewer(String baseUrl) {
		return new AdminClient(baseUrl, TestUsers.basic(TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD));
	}

	public static AdminClient operator(String baseUrl) {
		return new AdminClient(baseUrl, TestUsers.basic(TestUsers.OPERATOR, TestUsers.OPERATOR_PASSWORD));
	}

	public static AdminClient operatorToken(String baseUrl) {
		return new AdminClient(baseUrl, "Bearer " + TestUsers.OPERATOR_TOKEN);
	}

	public static AdminClient withAuthorization(String baseUrl, String authorization) {
		return new AdminClient(baseUrl, authorization);
	}

	/** A status, the content type and the body read as text. */
	public record Response(int status, String contentType, String body) {

		public boolean isProblem() {
			return this.contentType != null && this.contentType.startsWith("application/problem+json");
		}

	}

	public Response get(String path) {
		return send("GET", path, null, null);
	}

	public Response post(String path, String json) {
		return send("POST", path, json, "application/json");
	}

	public Response put(String path, String json) {
		return send("PUT", path, json, "application/json");
	}

	public Response delete(String path) {
		return send("DELETE", path, null, null);
	}

	public Response send(String method, String path, String body, String contentType) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(TIMEOUT)
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (contentType != null) {
			request.header("Content-Type", contentType);
		}
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		request.header("Accept", "application/json, application/problem+json");
		try {
			HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
					response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted during " + method + " " + path, ex);
		}
	}

}

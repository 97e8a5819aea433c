package io.monkeyfleet.monkey.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a browser does without a browser: signs in through the sign-in form with its CSRF
 * token, then calls the API with the session cookie only, as the dashboard does.
 */
final class BrowserSession {

	private static final Duration TIMEOUT = Duration.ofSeconds(20);

	private static final JsonMapper json = JsonMapper.builder().build();

	private final String baseUrl;

	private final HttpClient client;

	private BrowserSession(String baseUrl) {
		this.baseUrl = baseUrl;
		this.client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager())
			.followRedirects(HttpClient.Redirect.NEVER)
			.connectTimeout(TIMEOUT)
			.build();
	}

	static BrowserSession signIn(String baseUrl, String user, String password) {
		BrowserSession session = new BrowserSession(baseUrl);
		JsonNode csrf = json.readTree(session.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login/csrf"))).body());
		String form = "username=" + encode(user) + "&password=" + encode(password) + "&" + csrf.path("name").asString()
				+ "=" + encode(csrf.path("token").asString());
		HttpResponse<String> login = session.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString(form)));
		if (login.statusCode() != 302 || login.headers().firstValue("Location").orElse("").contains("error")) {
			throw new IllegalStateException("sign-in failed: " + login.statusCode() + " " + login.headers().map());
		}
		return session;
	}

	AdminClient.Response get(String path) {
		return response(send(HttpRequest.newBuilder(URI.create(this.baseUrl + path))));
	}

	/** A POST with the session cookie, with or without the session's CSRF token. */
	AdminClient.Response post(String path, String body, boolean withCsrfToken) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (withCsrfToken) {
			JsonNode session = json.readTree(get("/api/session").body());
			request.header(session.path("csrf").path("name").asString(), session.path("csrf").path("token").asString());
		}
		return response(send(request));
	}

	private static AdminClient.Response response(HttpResponse<String> response) {
		return new AdminClient.Response(response.statusCode(),
				response.headers().firstValue("Content-Type").orElse(null), response.body());
	}

	private HttpResponse<String> send(HttpRequest.Builder request) {
		try {
			return this.client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

}

package io.monkeyfleet.provisioner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/** The provisioner's REST API as a test calls it: real HTTP, real credentials. */
public final class Api {

	public static final String OPERATOR_TOKEN = "Bearer monkey-token";

	public static final String VIEWER_TOKEN = "Bearer viewer-token";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final String baseUrl;

	public Api(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	/** A parsed answer. */
	public record Answer(int status, String contentType, Map<String, String> headers, JsonNode body, String text) {

		public String header(String name) {
			return this.headers.get(name.toLowerCase());
		}

	}

	public Answer post(String path, String body, long fencingToken) {
		return post(path, body, Map.of("Fencing-Token", Long.toString(fencingToken), "Authorization", OPERATOR_TOKEN));
	}

	public Answer post(String path, String body, Map<String, String> headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(10))
			.POST((body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		if (body != null) {
			request.header("Content-Type", "application/json");
		}
		headers.forEach(request::header);
		return send(request.build());
	}

	public Answer get(String path) {
		return get(path, OPERATOR_TOKEN);
	}

	public Answer get(String path, String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(Duration.ofSeconds(10))
			.GET();
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return send(request.build());
	}

	/** Waits until the job has finished and returns it. */
	public JsonNode awaitFinished(String jobId, Duration atMost) {
		JsonNode[] job = new JsonNode[1];
		await("job " + jobId + " to finish").atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> {
			job[0] = get("/jobs/" + jobId).body();
			String status = job[0].path("status").asText();
			return status.equals("SUCCEEDED") || status.equals("FAILED") || status.equals("CANCELLED");
		});
		return job[0];
	}

	/** Waits until the job's step with that name is running. */
	public JsonNode awaitStepRunning(String jobId, String stepName, Duration atMost) {
		JsonNode[] job = new JsonNode[1];
		await("step '" + stepName + "' of " + jobId).atMost(atMost).pollInterval(Duration.ofMillis(50)).until(() -> {
			job[0] = get("/jobs/" + jobId).body();
			for (JsonNode step : job[0].path("steps")) {
				if (step.path("name").asText().equals(stepName) && step.path("status").asText().equals("RUNNING")) {
					return true;
				}
			}
			return false;
		});
		return job[0];
	}

	private static Answer send(HttpRequest request) {
		HttpResponse<String> response;
		try {
			response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("HTTP " + request.method() + " " + request.uri() + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		JsonNode body = null;
		if (!response.body().isEmpty()) {
			try {
				body = JSON.readTree(response.body());
			}
			catch (RuntimeException ex) {
				body = null;
			}
		}
		Map<String, String> headers = new LinkedHashMap<>();
		response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(", ", values)));
		return new Answer(response.statusCode(), headers.getOrDefault("content-type", ""), headers, body,
				response.body());
	}

}

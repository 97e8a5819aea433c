package io.monkeyfleet.stack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provisioner's job API, as an operator uses it: the launcher deploys the nodes with
 * it, and the scenarios restart the cluster with it.
 */
public final class ProvisionerClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI base;

	private final String token;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	ProvisionerClient(URI base, String token) {
		this.base = base;
		this.token = token;
	}

	/**
	 * Starts a job ({@code POST path}) and returns it.
	 * @throws IllegalStateException with the provisioner's answer when it refused
	 */
	public JsonNode submit(String path, String body, long fencingToken, String idempotencyKey) {
		HttpRequest request = authorized(path).header("Fencing-Token", Long.toString(fencingToken))
			.header("Idempotency-Key", idempotencyKey)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = send(request);
		if (response.statusCode() != 202) {
			throw new IllegalStateException(
					"the provisioner refused POST " + path + " (" + response.statusCode() + "): " + response.body());
		}
		return JSON.readTree(response.body());
	}

	/** A job by id. */
	public JsonNode job(String id) {
		return get("/jobs/" + id);
	}

	/** A host's jobs, newest first. */
	public List<JsonNode> jobs(String host) {
		List<JsonNode> jobs = new ArrayList<>();
		get("/jobs?host=" + host + "&limit=1000").forEach(jobs::add);
		return jobs;
	}

	/** A host as the provisioner sees it (address, running processes). */
	public JsonNode host(String id) {
		return get("/hosts/" + id);
	}

	private JsonNode get(String path) {
		HttpResponse<String> response = send(authorized(path).GET().build());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(
					"the provisioner answered GET " + path + " with " + response.statusCode() + ": " + response.body());
		}
		return JSON.readTree(response.body());
	}

	private HttpRequest.Builder authorized(String path) {
		return HttpRequest.newBuilder(this.base.resolve(path))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + this.token);
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.client.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new IllegalStateException(request.method() + " " + request.uri() + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}

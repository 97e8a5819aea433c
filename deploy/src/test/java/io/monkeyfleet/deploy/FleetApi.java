package io.monkeyfleet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deployed fleet as an operator talks to it: the monkeys' admin API as the admin, the
 * provisioner's API with the token monkey-service uses, and the questions the end-to-end
 * tests ask of them (which nodes are ACTIVE, what happened to a node, which jobs ran).
 *
 * @param monkey monkey-service's base URI
 * @param adminPassword the admin's password
 * @param provisioner provisioner-service's base URI
 * @param provisionerToken the bearer token monkey-service calls the provisioner with
 */
record FleetApi(URI monkey, String adminPassword, URI provisioner, String provisionerToken) {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	JsonNode monkeyGet(String path) {
		return send(HttpRequest.newBuilder(this.monkey.resolve(path)).header("Authorization", admin()).GET());
	}

	JsonNode monkeyPatch(String path, String body) {
		return send(HttpRequest.newBuilder(this.monkey.resolve(path))
			.header("Authorization", admin())
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
	}

	JsonNode monkeyPost(String path, String body) {
		return send(HttpRequest.newBuilder(this.monkey.resolve(path))
			.header("Authorization", admin())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	JsonNode provisionerGet(String path) {
		return send(HttpRequest.newBuilder(this.provisioner.resolve(path))
			.header("Authorization", "Bearer " + this.provisionerToken)
			.GET());
	}

	/** A job-starting request to the provisioner, with the headers every one needs. */
	JsonNode provisionerPost(String path, long fencingToken, String idempotencyKey, String body) {
		return send(HttpRequest.newBuilder(this.provisioner.resolve(path))
			.header("Authorization", "Bearer " + this.provisionerToken)
			.header("Fencing-Token", Long.toString(fencingToken))
			.header("Idempotency-Key", idempotencyKey)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/** The nodes the monkeys hold ACTIVE. */
	List<String> activeNodes() {
		List<String> active = new ArrayList<>();
		for (JsonNode node : monkeyGet("/api/nodes")) {
			if ("ACTIVE".equals(node.path("state").asString())) {
				active.add(node.path("id").asString());
			}
		}
		return active;
	}

	/** One node as the admin API shows it (state, latest sample), if it is known. */
	Optional<JsonNode> node(String id) {
		for (JsonNode node : monkeyGet("/api/nodes")) {
			if (id.equals(node.path("id").asString())) {
				return Optional.of(node);
			}
		}
		return Optional.empty();
	}

	/** Events of a type (about a node, if given) since a moment, oldest first. */
	List<JsonNode> events(String type, String node, Instant since) {
		JsonNode page = monkeyGet(
				"/api/events?type=" + type + "&limit=500&since=" + since + ((node != null) ? "&node=" + node : ""));
		List<JsonNode> events = new ArrayList<>(
				StreamSupport.stream(page.path("events").spliterator(), false).toList());
		Collections.reverse(events);
		return events;
	}

	/** The states a node moved to since a moment, in order. */
	List<String> transitions(String node, Instant since) {
		return events("NODE_STATE_CHANGED", node, since).stream()
			.map((event) -> event.path("evidence").path("to").asString())
			.toList();
	}

	/** When a node first reached a state since a moment. */
	Optional<Instant> reached(String node, String state, Instant since) {
		return events("NODE_STATE_CHANGED", node, since).stream()
			.filter((event) -> state.equals(event.path("evidence").path("to").asString()))
			.map((event) -> Instant.parse(event.path("time").asString()))
			.findFirst();
	}

	/**
	 * The provisioner's jobs of a type on a host, created since a moment, newest first.
	 */
	List<JsonNode> jobs(String host, String type, Instant since) {
		List<JsonNode> jobs = new ArrayList<>();
		for (JsonNode job : provisionerGet("/jobs?host=" + host + "&limit=100")) {
			if (type.equals(job.path("type").asString())
					&& !Instant.parse(job.path("createdAt").asString()).isBefore(since)) {
				jobs.add(job);
			}
		}
		return jobs;
	}

	/** A job's steps, as their actions. */
	static List<String> steps(JsonNode job) {
		List<String> steps = new ArrayList<>();
		job.path("steps").forEach((step) -> steps.add(step.path("action").asString()));
		return steps;
	}

	/** A job's step by its action, the first one. */
	static JsonNode step(JsonNode job, String action) {
		for (JsonNode step : job.path("steps")) {
			if (action.equals(step.path("action").asString())) {
				return step;
			}
		}
		throw new AssertionError("job " + job.path("id").asString() + " has no step " + action + ": " + steps(job));
	}

	static JsonNode get(URI uri) {
		return send(HttpRequest.newBuilder(uri).GET());
	}

	/** Status code of a GET, or -1 when nothing answered. */
	static int status(URI uri) {
		try {
			return http
				.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
						HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			return -1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return -1;
		}
	}

	/** Status code of a POST without a body. */
	static int post(URI uri) {
		try {
			return http
				.send(HttpRequest.newBuilder(uri)
					.timeout(Duration.ofSeconds(5))
					.POST(HttpRequest.BodyPublishers.noBody())
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private String admin() {
		return basic("admin", this.adminPassword);
	}

	private static JsonNode send(HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new AssertionError(response.request().method() + " " + response.request().uri() + " answered "
						+ response.statusCode() + ": " + response.body());
			}
			return json.readTree(response.body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

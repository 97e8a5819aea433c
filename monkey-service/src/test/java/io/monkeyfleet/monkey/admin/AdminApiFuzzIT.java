package io.monkeyfleet.monkey.admin;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random bad requests over every endpoint, from a seeded generator (set
 * {@code -Dmonkeyfleet.fuzz.seed=N} to replay a run): garbage ids in paths, random JSON
 * of every shape, mutated good bodies, truncated JSON, wrong content types, wrong
 * methods, out-of-range parameters. Whatever comes in, the answer is never a 5xx, every
 * error is a problem document, and no body shows a stack trace or a class name.
 */
class AdminApiFuzzIT extends RunningMonkeyService {

	private static final int REQUESTS = 3_000;

	private static final long SEED = Long.getLong("monkeyfleet.fuzz.seed", 20261124L);

	private static final List<String> ACTIONS = List.of("drain", "reboot", "restore", "quarantine", "release",
			"terminate", "", "DRAIN");

	private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");

	private final Random random = new Random(SEED);

	@Test
	void randomBadInputsNeverCauseA5xxOrShowAStackTrace() {
		fleet().pool("fuzz", 0, 6);
		AdminClient operator = AdminClient.operatorToken(baseUrl());
		Map<Integer, Integer> statuses = new TreeMap<>();
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < REQUESTS; i++) {
			Request request = next();
			AdminClient.Response response = operator.send(request.method, request.path, request.body,
					request.contentType);
			statuses.merge(response.status(), 1, Integer::sum);
			String body = (response.body() != null) ? response.body() : "";
			boolean serverError = response.status() >= 500;
			boolean leaks = body.contains("\tat ") || body.contains("Exception") || body.contains("java.")
					|| body.contains("springframework") || body.contains("tools.jackson");
			boolean unexplained = response.status() >= 400 && !request.method.equals("HEAD") && !response.isProblem();
			if (serverError || leaks || unexplained) {
				failures.add(request + " → " + response.status() + " " + response.contentType() + " "
						+ body.substring(0, Math.min(300, body.length())));
			}
		}
		System.out.println("Fuzzed " + REQUESTS + " requests with seed " + SEED + ": statuses " + statuses);
		assertThat(failures).as("seed " + SEED).isEmpty();
		assertThat(statuses.keySet()).as("the generator reaches the validation paths").contains(400, 404, 405);
	}

	private Request next() {
		return switch (this.random.nextInt(14)) {
			case 12 -> new Request("PATCH", "/api/settings", settingsBody(), json());
			case 13 -> new Request("POST", "/api/monkeys/" + pick(List.of("doctor", "all", "gift", word(), id())) + "/"
					+ pick(List.of("arm", "disarm", "dry-run", "explode")), randomJson(1), json());
			case 0 -> new Request("GET", "/api/nodes/" + id(), null, null);
			case 1 -> new Request("GET",
					"/api/nodes?" + param("pool", id()) + "&" + param("state", word()) + "&" + param("history", word()),
					null, null);
			case 2 -> new Request("GET", "/api/pools/" + id(), null, null);
			case 3 -> new Request("GET", "/api/events?" + eventQuery(), null, null);
			case 4 -> new Request("PUT", "/api/pools/" + id(), poolBody(), json());
			case 5 -> new Request("POST", "/api/routes", routeBody(), json());
			case 6 -> new Request("PUT", "/api/routes/" + id(), routeBody(), json());
			case 7 -> new Request("DELETE", "/api/routes/" + id(), null, null);
			case 8 -> new Request("POST", "/api/nodes/" + id() + "/" + pick(ACTIONS), actionBody(), json());
			case 9 -> new Request("GET", "/api/events/stream?" + badStreamQuery(), null, null);
			case 10 -> new Request("GET", "/api/operator-requests/" + id(), null, null);
			default -> new Request(pick(METHODS),
					pick(List.of("/api/nodes", "/api/pools", "/api/events", "/api/monkeys", "/api/workflows",
							"/api/session", "/api/nodes/fuzz-1", "/api/" + id(), "/" + id())),
					this.random.nextBoolean() ? randomJson(3) : null, json());
		};
	}

	/** A node, pool or route id: an existing one, a plausible one, or garbage. */
	private String id() {
		return switch (this.random.nextInt(6)) {
			case 0 -> "fuzz-" + (1 + this.random.nextInt(7));
			case 1 -> "fuzz";
			case 2 -> word();
			default -> encode(garbage());
		};
	}

	private String word() {
		String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";
		StringBuilder word = new StringBuilder();
		int length = 1 + this.random.nextInt(12);
		for (int i = 0; i < length; i++) {
			word.append(letters.charAt(this.random.nextInt(letters.length())));
		}
		return word.toString();
	}

	private String garbage() {
		return switch (this.random.nextInt(10)) {
			case 0 -> "";
			case 1 -> "x".repeat(1 + this.random.nextInt(3000));
			case 2 -> "..";
			case 3 -> "a:b:state";
			case 4 -> "\u0000\u0001\u001f";
			case 5 -> "ünïcødé-☃-" + this.random.nextInt();
			case 6 -> "' OR 1=1 --";
			case 7 -> "<script>alert(1)</script>";
			case 8 -> "%00%ff";
			default -> String.valueOf(this.random.nextLong());
		};
	}

	private String eventQuery() {
		List<String> parts = new ArrayList<>();
		if (this.random.nextBoolean()) {
			parts.add(param("since", pick(List.of("2026-01-01T00:00:00Z", "yesterday", "", garbage(),
					"+999999999-12-31T23:59:59Z", "2026-13-45T99:99:99Z"))));
		}
		if (this.random.nextBoolean()) {
			parts.add(param("limit", pick(List.of("0", "-1", "501", "1", "abc", "99999999999999999999", "1.5"))));
		}
		if (this.random.nextBoolean()) {
			parts.add(param("type", pick(List.of("NODE_STATE_CHANGED", "nope", ",,,", "node-ejected", garbage()))));
		}
		if (this.random.nextBoolean()) {
			parts.add(param("before",
					pick(List.of("0-0", "1-1", "abc", "99999999999999999999-1", "-", garbage(), "1732440000000-0"))));
		}
		if (this.random.nextBoolean()) {
			parts.add(param(pick(List.of("node", "pool")), id()));
		}
		return String.join("&", parts);
	}

	/** Stream queries that are always wrong: a valid one would stay open. */
	private String badStreamQuery() {
		return this.random.nextBoolean() ? param("after", pick(List.of("abc", "1-", "-1", "x-y", garbage() + "z")))
				: param("type", "NOT_A_TYPE_" + word());
	}

	private String poolBody() {
		return switch (this.random.nextInt(4)) {
			case 0 -> "{\"minSize\": " + number() + ", \"maxSize\": " + number() + "}";
			case 1 -> "{\"minSize\": 1, \"maxSize\": 2, \"standbyHosts\": " + randomJson(2) + "}";
			case 2 -> truncated("{\"minSize\": 1, \"maxSize\": 2, \"standbyHosts\": [\"h1\"]}");
			default -> randomJson(4);
		};
	}

	private String routeBody() {
		String good = "{\"id\": \"r-" + this.random.nextInt(5)
				+ "\", \"predicates\": [{\"kind\": \"PATH\", \"pattern\": \"/x/**\"}], "
				+ "\"filters\": [{\"name\": \"StripPrefix\", \"args\": {\"parts\": \"1\"}}], \"pool\": \"ghost\", \"order\": 1}";
		return switch (this.random.nextInt(5)) {
			case 0 -> good.replace("\"PATH\"", "\"" + pick(List.of("HOST", "METHOD", "COOKIE", "path", "")) + "\"")
				.replace("/x/**", pick(List.of("", "x", "/{a", "/**/**/x", "*", garbage().replace("\"", ""))));
			case 1 -> good.replace("\"order\": 1", "\"order\": " + number());
			case 2 -> good.replace("\"parts\": \"1\"", "\"" + word() + "\": " + randomJson(2));
			case 3 -> truncated(good);
			default -> randomJson(4);
		};
	}

	/** Setting changes that never validate, so the fuzzed service keeps its settings. */
	private String settingsBody() {
		return switch (this.random.nextInt(5)) {
			case 0 -> "{\""
					+ pick(List.of("doctor.defaults.cpu-threshold", "max-remediations-in-flight",
							"breaker.max-unhealthy-share", "repair.backoff"))
					+ "\": " + pick(List.of("-5", "\"soon\"", "[1]", "{}", "1e400", "\"\"")) + "}";
			case 1 -> "{\"" + pick(List.of("tick", "provisioner.token", "cloud.provider", word() + "." + word(),
					"Doctor.Enabled", "doctor..enabled", "a[", "")) + "\": \"1\"}";
			case 2 -> "{}";
			case 3 -> truncated("{\"doctor.enabled\": true}");
			default -> randomJson(3);
		};
	}

	private String actionBody() {
		return switch (this.random.nextInt(4)) {
			case 0 -> "{\"reason\": " + randomJson(2) + "}";
			case 1 -> "{\"reason\": \"" + "r".repeat(150 + this.random.nextInt(200)) + "\"}";
			case 2 -> "{\"reason\": \"bad\\u0007bell\"}";
			default -> truncated("{\"reason\": \"why\"}");
		};
	}

	private String randomJson(int depth) {
		int kind = this.random.nextInt((depth > 0) ? 8 : 5);
		return switch (kind) {
			case 0 -> "null";
			case 1 -> String.valueOf(this.random.nextBoolean());
			case 2 -> number();
			case 3 ->
				"\"" + garbage().replace("\\", "\\\\").replace("\"", "\\\"").replaceAll("[\\x00-\\x1f]", "") + "\"";
			case 4 -> "\"" + word() + "\"";
			case 5, 6 -> {
				StringBuilder object = new StringBuilder("{");
				int fields = this.random.nextInt(5);
				for (int i = 0; i < fields; i++) {
					object.append((i > 0) ? "," : "")
						.append('"')
						.append(pick(List.of("id", "minSize", "maxSize", "reason", "predicates", "filters", "pool",
								"order", "kind", "pattern", "args", word())))
						.append("\":")
						.append(randomJson(depth - 1));
				}
				yield object.append('}').toString();
			}
			default -> {
				StringBuilder array = new StringBuilder("[");
				int items = this.random.nextInt(4);
				for (int i = 0; i < items; i++) {
					array.append((i > 0) ? "," : "").append(randomJson(depth - 1));
				}
				yield array.append(']').toString();
			}
		};
	}

	private String number() {
		return pick(List.of("0", "-1", "1", "3", "2147483648", "-2147483649", "1e400", "1.5", "NaN", "\"7\"",
				"99999999999999999999999", String.valueOf(this.random.nextInt())));
	}

	private String truncated(String json) {
		return json.substring(0, this.random.nextInt(json.length()));
	}

	private String json() {
		return pick(List.of("application/json", "application/json", "application/json", "text/plain", "application/xml",
				"application/json; charset=latin1", "multipart/form-data"));
	}

	private <T> T pick(List<T> choices) {
		return choices.get(this.random.nextInt(choices.size()));
	}

	private static String param(String name, String value) {
		return name + "=" + encode(value);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

	private record Request(String method, String path, String body, String contentType) {

		@Override
		public String toString() {
			String shownBody = (this.body != null) ? this.body.substring(0, Math.min(200, this.body.length())) : "";
			return this.method + " " + this.path.substring(0, Math.min(300, this.path.length())) + " ["
					+ this.contentType + "] " + shownBody;
		}

	}

}

package io.monkeyfleet.monkey.admin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.MonkeyProperties;
import io.monkeyfleet.monkey.settings.RuntimeSettings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The admin API against a running monkey-service and a real Redis: who may call what,
 * what the node actions do and refuse, routes, events and problem answers.
 */
class AdminApiIT extends RunningMonkeyService {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Autowired
	private MonkeyProperties configured;

	@Autowired
	private StringRedisTemplate redisTemplate;

	@Autowired
	private ConfigurableEnvironment environment;

	private AdminClient anonymous;

	private AdminClient viewer;

	private AdminClient operator;

	@BeforeEach
	void clients() {
		this.anonymous = AdminClient.anonymous(baseUrl());
		this.viewer = AdminClient.viewer(baseUrl());
		this.operator = AdminClient.operator(baseUrl());
	}

	/** One call of the matrix, and what an operator gets for it. */
	private record Call(String method, String path, String body, int operatorStatus) {

		boolean acts() {
			return !this.method.equals("GET");
		}

	}

	@Test
	void everyEndpointNeedsAUserEveryActionAnOperatorAndAnOperatorGetsThrough() {
		SeededFleet fleet = fleet();
		fleet.pool("matrix", 0, 4);
		// One pool per pool-level action: a pool takes one such change at a time.
		fleet.pool("launching", 0, 1);
		fleet.pool("terminating", 0, 3);
		fleet.pool("restarting", 0, 2);
		String route = """
				{"id": "matrix-route", "predicates": [{"kind": "PATH", "pattern": "/matrix/**"}],
				 "filters": [{"name": "StripPrefix", "args": {"parts": "1"}}], "pool": "matrix", "order": 5}""";
		List<Call> calls = List.of(new Call("GET", "/api/session", null, 200), new Call("GET", "/api/pools", null, 200),
				new Call("GET", "/api/pools/matrix", null, 200), new Call("GET", "/api/nodes", null, 200),
				new Call("GET", "/api/nodes?pool=matrix&history=true", null, 200),
				new Call("GET", "/api/nodes/matrix-1", null, 200), new Call("GET", "/api/workflows", null, 200),
				new Call("GET", "/api/events?limit=5", null, 200), new Call("GET", "/api/monkeys", null, 200),
				new Call("GET", "/api/routes", null, 200), new Call("GET", "/v3/api-docs", null, 200),
				new Call("PUT", "/api/pools/matrix-two", "{\"minSize\": 0, \"maxSize\": 3}", 200),
				new Call("POST", "/api/routes", route, 201), new Call("GET", "/api/routes/matrix-route", null, 200),
				new Call("PUT", "/api/routes/matrix-route", route.replace("\"order\": 5", "\"order\": 6"), 200),
				new Call("DELETE", "/api/routes/matrix-route", null, 204),
				new Call("POST", "/api/nodes/matrix-1/drain", "{\"reason\": \"matrix\"}", 200),
				new Call("POST", "/api/nodes/matrix-1/restore", null, 200),
				new Call("POST", "/api/nodes/matrix-2/quarantine", null, 200),
				new Call("POST", "/api/nodes/matrix-2/release", null, 200),
				new Call("POST", "/api/nodes/matrix-3/reboot", "{\"reason\": \"matrix reboot\"}", 200),
				new Call("POST", "/api/pools/launching/launch", null, 200),
				new Call("POST", "/api/nodes/terminating-3/terminate", null, 200),
				new Call("GET", "/api/restart-plans", null, 200),
				// The restart monkey is in dry-run, as a fresh install is: recorded, 200.
				new Call("POST", "/api/pools/restarting/rolling-restart", null, 200),
				new Call("POST", "/api/restart-plans/nightly/run", "{\"reason\": \"matrix\"}", 200));
		for (Call call : calls) {
			AdminClient.Response unauthenticated = this.anonymous.send(call.method(), call.path(), call.body(),
					"application/json");
			assertThat(unauthenticated.status()).as(call + " without credentials").isEqualTo(401);
			assertThat(unauthenticated.isProblem()).as(call + " answers a problem").isTrue();
			AdminClient.Response wrongPassword = AdminClient
				.withAuthorization(baseUrl(), TestUsers.basic(TestUsers.OPERATOR, "wrong"))
				.send(call.method(), call.path(), call.body(), "application/json");
			assertThat(wrongPassword.status()).as(call + " with a wrong password").isEqualTo(401);
			if (call.acts()) {
				AdminClient.Response asViewer = this.viewer.send(call.method(), call.path(), call.body(),
						"application/json");
				assertThat(asViewer.status()).as(call + " as a viewer").isEqualTo(403);
				assertThat(asViewer.isProblem()).isTrue();
			}
			else {
				assertThat(this.viewer.get(call.path()).status()).as(call + " as a viewer").isEqualTo(200);
			}
			AdminClient.Response asOperator = this.operator.send(call.method(), call.path(), call.body(),
					"application/json");
			assertThat(asOperator.status()).as(call + " as an operator: " + asOperator.body())
				.isEqualTo(call.operatorStatus());
		}
		assertThat(fleet.state("matrix-1")).isEqualTo(NodeState.ACTIVE);
		assertThat(fleet.state("matrix-2")).isEqualTo(NodeState.RECOVERING);
		assertThat(fleet.state("matrix-3")).isEqualTo(NodeState.DRAINING);
		assertThat(fleet.state("terminating-3")).isEqualTo(NodeState.DRAINING);
		JsonNode workflows = body(this.viewer.get("/api/workflows"));
		assertThat(workflows.path("fleet").toString()).contains("\"monkey\":\"SCALE_IN\"", "terminating-3");
		// The launch was started and, with no provisioner to launch through, ended at
		// once.
		JsonNode launch = body(this.viewer.get("/api/events?pool=launching&type=ACTION_PROPOSED,WORKFLOW_STEP"));
		assertThat(launch.path("events").toString()).contains("operator:" + TestUsers.OPERATOR, "launch failed");
		assertThat(workflows.path("repairs").toString()).contains("matrix-3", "matrix-2");
	}

	@Test
	void bearerTokensWorkAndTheLiveStreamNeedsAUserToo() {
		fleet().pool("tokens", 0, 2);
		AdminClient token = AdminClient.withAuthorization(baseUrl(), "Bearer " + TestUsers.VIEWER_TOKEN);
		assertThat(token.get("/api/nodes/tokens-1").status()).isEqualTo(200);
		assertThat(token.post("/api/nodes/tokens-1/drain", null).status()).isEqualTo(403);
		assertThat(AdminClient.withAuthorization(baseUrl(), "Bearer not-a-known-token").get("/api/nodes").status())
			.isEqualTo(401);
		assertThat(this.anonymous.get("/api/events/stream").status()).isEqualTo(401);
		assertThat(AdminClient.operatorToken(baseUrl()).post("/api/nodes/tokens-1/drain", null).status())
			.isEqualTo(200);
	}

	@Test
	void theUnauthenticatedAnswerNamesNoBasicChallengeSoBrowsersNeverRememberCredentials() {
		AdminClient.Response response = this.anonymous.get("/api/nodes");
		assertThat(response.status()).isEqualTo(401);
		assertThat(problem(response).path("type").asString()).isEqualTo("urn:monkeyfleet:problem:unauthenticated");
	}

	@Test
	void aBrowserSessionMustSendItsCsrfTokenToAct() {
		// A session (cookie) without Authorization header: a changing request without the
		// CSRF token is forbidden even for an operator.
		fleet().pool("csrf", 0, 2);
		BrowserSession session = BrowserSession.signIn(baseUrl(), TestUsers.OPERATOR, TestUsers.OPERATOR_PASSWORD);
		assertThat(session.post("/api/nodes/csrf-1/drain", "{}", false).status()).isEqualTo(403);
		assertThat(fleet().state("csrf-1")).isEqualTo(NodeState.ACTIVE);
		assertThat(session.post("/api/nodes/csrf-1/drain", "{}", true).status()).isEqualTo(200);
		assertThat(fleet().state("csrf-1")).isEqualTo(NodeState.DRAINING);
	}

	@Test
	void unknownNodesAndPoolsAre404WithAClearDetail() {
		AdminClient.Response node = this.operator.post("/api/nodes/no-such-node/drain", null);
		assertThat(node.status()).isEqualTo(404);
		assertThat(problem(node).path("detail").asString()).isEqualTo("no node 'no-such-node' is registered");
		assertThat(this.viewer.get("/api/nodes/no-such-node").status()).isEqualTo(404);
		AdminClient.Response pool = this.viewer.get("/api/pools/no-such-pool");
		assertThat(pool.status()).isEqualTo(404);
		assertThat(problem(pool).path("detail").asString()).contains("no-such-pool");
		assertThat(this.viewer.get("/api/nodes?pool=no-such-pool").status()).isEqualTo(404);
		assertThat(this.viewer.get("/api/routes/no-such-route").status()).isEqualTo(404);
		assertThat(this.operator.delete("/api/routes/no-such-route").status()).isEqualTo(404);
	}

	@Test
	void anIllegalTransitionIs409NamingTheCurrentState() {
		SeededFleet fleet = fleet();
		fleet.pool("illegal", 0, 2);
		fleet.move("illegal-1", NodeState.QUARANTINED);

		AdminClient.Response response = this.operator.post("/api/nodes/illegal-1/drain", null);

		assertThat(response.status()).isEqualTo(409);
		JsonNode problem = problem(response);
		assertThat(problem.path("currentState").asString()).isEqualTo("QUARANTINED");
		assertThat(problem.path("detail").asString())
			.isEqualTo("node 'illegal-1' is QUARANTINED; drain needs it ACTIVE");
		assertThat(this.operator.post("/api/nodes/illegal-2/restore", null).status()).isEqualTo(409);
	}

	@Test
	void aGuardRailRefusalIs409NamingTheRuleAndIsAnEventNamingTheOperator() {
		SeededFleet fleet = fleet();
		fleet.pool("tight", 2, 2);

		AdminClient.Response response = this.operator.post("/api/nodes/tight-1/drain", "{\"reason\": \"maintenance\"}");

		assertThat(response.status()).isEqualTo(409);
		JsonNode problem = problem(response);
		assertThat(problem.path("guard").asString()).isEqualTo("min-healthy");
		assertThat(problem.path("detail").asString()).contains("below its minimum of 2");
		assertThat(fleet.state("tight-1")).isEqualTo(NodeState.ACTIVE);
		JsonNode events = body(this.viewer.get("/api/events?node=tight-1&type=ACTION_SKIPPED"));
		assertThat(events.path("events").get(0).path("actor").asString()).isEqualTo("operator:" + TestUsers.OPERATOR);
		assertThat(events.path("events").get(0).path("evidence").path("guard").asString()).isEqualTo("min-healthy");
	}

	@Test
	void aDrainIsCarriedOutByTheLeaderAndRecordedWithTheOperatorsName() {
		SeededFleet fleet = fleet();
		fleet.pool("drain", 0, 3);

		AdminClient.Response response = this.operator.post("/api/nodes/drain-2/drain",
				"{\"reason\": \"kernel update\"}");

		assertThat(response.status()).isEqualTo(200);
		JsonNode verdict = body(response);
		assertThat(verdict.path("status").asString()).isEqualTo("CARRIED_OUT");
		assertThat(verdict.path("state").asString()).isEqualTo("DRAINING");
		assertThat(verdict.path("decidedBy").asString()).isEqualTo("admin-test");
		assertThat(fleet.state("drain-2")).isEqualTo(NodeState.DRAINING);
		JsonNode change = body(this.viewer.get("/api/events?node=drain-2&type=NODE_STATE_CHANGED&limit=1"))
			.path("events")
			.get(0);
		assertThat(change.path("actor").asString()).isEqualTo("operator:" + TestUsers.OPERATOR);
		assertThat(change.path("reason").asString()).contains("kernel update");
		JsonNode request = body(this.viewer.get("/api/operator-requests/" + verdict.path("requestId").asString()));
		assertThat(request.path("status").asString()).isEqualTo("CARRIED_OUT");
	}

	@Test
	void nodesShowStateMetricsHeartbeatAgeBudgetAndPoolsTheirCounts() {
		fleet().pool("show", 1, 2);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode node = body(this.viewer.get("/api/nodes/show-1?history=true"));
			assertThat(node.path("state").asString()).isEqualTo("ACTIVE");
			assertThat(node.path("sample").path("appHealth").asString()).isEqualTo("UP");
			assertThat(node.path("heartbeatAgeMillis").asLong()).isGreaterThanOrEqualTo(0);
			assertThat(node.path("repairBudget").path("remaining").asInt()).isEqualTo(3);
			assertThat(node.path("history").path("cpuPercent").size()).isGreaterThanOrEqualTo(1);
		});
		JsonNode pool = body(this.viewer.get("/api/pools/show"));
		assertThat(pool.path("nodes").asInt()).isEqualTo(2);
		assertThat(pool.path("states").path("ACTIVE").asInt()).isEqualTo(2);
		JsonNode monkeys = body(this.viewer.get("/api/monkeys"));
		assertThat(monkeys.path("dryRun").asBoolean()).isTrue();
		assertThat(monkeys.path("armed").asBoolean()).isFalse();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(body(this.viewer.get("/api/monkeys")).path("leader").path("replicaId").asString())
						.isEqualTo("admin-test"));
		assertThat(monkeys.toString()).doesNotContain("admin-test-token");
	}

	@Test
	void routesAreValidatedAsTheGatewaysWouldAndStored() {
		fleet().pool("routed", 0, 1);
		String good = """
				{"id": "api", "predicates": [{"kind": "PATH", "pattern": "/api/**"}, {"kind": "METHOD", "pattern": "GET,POST"}],
				 "filters": [{"name": "AddRequestHeader", "args": {"name": "X-From", "value": "gateway"}}], "pool": "routed"}""";
		assertThat(this.operator.post("/api/routes", good).status()).isEqualTo(201);
		assertThat(this.operator.post("/api/routes", good).status()).isEqualTo(409);
		assertThat(this.store.routes()).anySatisfy((route) -> assertThat(route.id()).isEqualTo("api"));

		assertRefused(good.replace("\"id\": \"api\"", "\"id\": \"nopool\"").replace("\"routed\"", "\"ghost\""),
				"pool 'ghost' does not exist");
		assertRefused(good.replace("\"id\": \"api\"", "\"id\": \"meta\"")
			.replace("\"gateway\"", "\"http://169.254.169.254/latest/meta-data\""), "address guard refuses");
		assertRefused(good.replace("\"id\": \"api\"", "\"id\": \"uri\"").replace("AddRequestHeader", "SetRequestUri"),
				"is not in monkeyfleet.monkey.admin.routes.allowed-filters");
		assertRefused(good.replace("\"id\": \"api\"", "\"id\": \"badpath\"").replace("/api/**", "/api/{x"),
				"does not parse");
		assertRefused(good.replace("\"id\": \"api\"", "\"id\": \"nopath\"").replace("/api/**", "api"),
				"must start with '/'");
		assertRefused(good.replace("GET,POST", "FETCH"), "FETCH");
		assertRefused(good.replace("\"PATH\"", "\"COOKIE\""), "not one of the values accepted");
		assertRefused(good.replace("\"predicates\": [", "\"predicates\": [], \"x\": ["), "predicates");
		assertRefused("{\"id\": \"api\", \"predicates\": ", "not valid JSON");
	}

	@Test
	void malformedAndOutOfRangeBodiesAre400Problems() {
		fleet().pool("bodies", 0, 1);
		List<String[]> cases = new ArrayList<>();
		cases.add(new String[] { "PUT", "/api/pools/bodies", "{\"minSize\": -1, \"maxSize\": 3}", "minSize" });
		cases.add(new String[] { "PUT", "/api/pools/bodies", "{\"minSize\": 5, \"maxSize\": 3}", "maxSize" });
		cases.add(new String[] { "PUT", "/api/pools/bodies", "{\"minSize\": 1, \"maxSize\": 1e12}", "not valid" });
		cases.add(new String[] { "PUT", "/api/pools/bodies", "[]", "not valid" });
		cases.add(new String[] { "PUT", "/api/pools/bad:name", "{\"minSize\": 1, \"maxSize\": 2}", "pool name" });
		cases.add(new String[] { "POST", "/api/nodes/bodies-1/drain", "{\"reason\": \"" + "x".repeat(201) + "\"}",
				"reason" });
		cases.add(new String[] { "POST", "/api/nodes/bodies-1/drain", "{\"reason\": \"a\\u0000b\"}", "reason" });
		cases.add(new String[] { "POST", "/api/nodes/bodies-1/drain", "{\"reason\": 12", "not valid JSON" });
		cases.add(new String[] { "GET", "/api/events?limit=0", null, "limit" });
		cases.add(new String[] { "GET", "/api/events?limit=501", null, "limit" });
		cases.add(new String[] { "GET", "/api/events?since=yesterday", null, "since" });
		cases.add(new String[] { "GET", "/api/events?type=NOPE", null, "NOPE" });
		cases.add(new String[] { "GET", "/api/events?before=abc", null, "before" });
		cases.add(new String[] { "GET", "/api/nodes?state=SLEEPING", null, "state" });
		for (String[] bad : cases) {
			AdminClient.Response response = this.operator.send(bad[0], bad[1], bad[2], "application/json");
			assertThat(response.status()).as(String.join(" ", bad) + ": " + response.body()).isEqualTo(400);
			assertThat(response.isProblem()).as(bad[1]).isTrue();
			assertThat(response.body()).as(bad[1]).contains(bad[3]).doesNotContain("\tat ").doesNotContain("Exception");
		}
		assertThat(fleet().state("bodies-1")).isEqualTo(NodeState.ACTIVE);
	}

	@Test
	void eventsFilterByTimeNodePoolAndTypeAndPageBack() {
		SeededFleet fleet = fleet();
		Instant start = Instant.now();
		// A fourth node stays healthy: the last one may not be taken out.
		fleet.pool("paged", 0, 4);
		for (String node : List.of("paged-1", "paged-2", "paged-3")) {
			assertThat(this.operator.post("/api/nodes/" + node + "/quarantine", null).status()).isEqualTo(200);
		}
		JsonNode first = body(this.viewer.get("/api/events?pool=paged&type=NODE_STATE_CHANGED&limit=2&since=" + start));
		assertThat(first.path("events").size()).isEqualTo(2);
		assertThat(first.path("events").get(0).path("nodeId").asString()).isEqualTo("paged-3");
		String next = first.path("next").asString();
		JsonNode second = body(this.viewer
			.get("/api/events?pool=paged&type=NODE_STATE_CHANGED&limit=2&since=" + start + "&before=" + next));
		// Each node was registered (JOINING → ACTIVE) and quarantined: six state changes.
		assertThat(second.path("events").size()).isEqualTo(2);
		JsonNode onlyOne = body(this.viewer.get("/api/events?node=paged-2&type=NODE_STATE_CHANGED,ACTION_PROPOSED"));
		assertThat(onlyOne.path("events").size()).isEqualTo(3);
		JsonNode future = body(this.viewer.get("/api/events?since=" + Instant.now().plusSeconds(3600)));
		assertThat(future.path("events").size()).isZero();
		assertThat(future.path("next").isNull()).isTrue();
	}

	@Test
	void settingsChangeAtRuntimeValidatedAsAtStartUpSharedThroughRedisAndRecorded() {
		try {
			JsonNode changed = body(this.operator.send("PATCH", "/api/settings",
					"{\"doctor.defaults.cpu-threshold\": 85, \"gift.dry-run\": true}", "application/json"));
			assertThat(changed.path("overrides").path("doctor.defaults.cpu-threshold").asString()).isEqualTo("85");
			assertThat(changed.path("effective").path("doctor").path("defaults").path("cpuThreshold").asDouble())
				.isEqualTo(85.0);
			// Another replica reads the same overrides from Redis and binds them the same
			// way.
			RuntimeSettings otherReplica = new RuntimeSettings(this.configured, this.redisTemplate, this.store.keys(),
					this.environment, validator(), java.time.Clock.systemUTC(), Duration.ZERO);
			assertThat(otherReplica.current().doctor().defaults().cpuThreshold()).isEqualTo(85.0);
			JsonNode event = body(this.viewer.get("/api/events?type=SETTINGS_CHANGED&limit=1")).path("events").get(0);
			assertThat(event.path("actor").asString()).isEqualTo("operator:" + TestUsers.OPERATOR);
			assertThat(event.path("evidence").path("doctor.defaults.cpu-threshold").asString()).isEqualTo("85");

			assertInvalidSetting("{\"max-remediations-in-flight\": 0}", "max-remediations-in-flight");
			assertInvalidSetting("{\"doctor.defaults.cpu-treshold\": 80}", "doctor.defaults.cpu-treshold");
			assertInvalidSetting("{\"tick\": \"2s\"}", "tick");
			assertInvalidSetting("{\"breaker.max-unhealthy-share\": \"lots\"}", "breaker.max-unhealthy-share");
			assertInvalidSetting("{\"scale-in.cpu-threshold\": 95}", "scale-in");
			assertInvalidSetting("{\"doctor.defaults.cpuThreshold\": 80}", "doctor.defaults.cpuThreshold");
			assertThat(otherReplica.current().maxRemediationsInFlight()).isEqualTo(50);
			assertThat(this.viewer.send("PATCH", "/api/settings", "{\"gift.enabled\": false}", "application/json")
				.status()).isEqualTo(403);

			JsonNode disarmed = body(this.operator.post("/api/monkeys/doctor/disarm", null));
			assertThat(disarmed.path("monkeys").get(0).path("name").asString()).isEqualTo("doctor");
			assertThat(disarmed.path("monkeys").get(0).path("enabled").asBoolean()).isFalse();
			JsonNode armed = body(this.operator.post("/api/monkeys/gift/arm", null));
			assertThat(armed.path("monkeys").get(1).path("dryRun").asBoolean()).isFalse();
			assertThat(armed.path("armed").asBoolean()).isTrue();
			assertThat(this.operator.post("/api/monkeys/nobody/arm", null).status()).isEqualTo(404);
		}
		finally {
			this.operator.send("PATCH", "/api/settings",
					"{\"doctor.defaults.cpu-threshold\": null, \"gift.dry-run\": null, \"gift.enabled\": null, "
							+ "\"doctor.enabled\": null}",
					"application/json");
		}
		assertThat(body(this.viewer.get("/api/settings")).path("overrides").size()).isZero();
	}

	@Test
	void theLiveStreamSendsNewEventsAndResumesAfterAGivenEvent() throws Exception {
		fleet().pool("live", 0, 3);
		String before = body(this.viewer.get("/api/events?limit=1")).path("events").get(0).path("id").asString();
		assertThat(this.operator.post("/api/nodes/live-1/drain", "{\"reason\": \"stream\"}").status()).isEqualTo(200);
		// Resuming after an event delivers what came since, then the live events.
		java.net.http.HttpRequest request = java.net.http.HttpRequest
			.newBuilder(java.net.URI.create(baseUrl() + "/api/events/stream?node=live-1&type=NODE_STATE_CHANGED"))
			.header("Authorization", "Bearer " + TestUsers.VIEWER_TOKEN)
			.header("Last-Event-ID", before)
			.header("Accept", "text/event-stream")
			.build();
		java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
		java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
		java.util.concurrent.CompletableFuture<?> stream = client
			.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines())
			.thenAccept((response) -> response.body().forEach(lines::add));
		try {
			assertThat(nextData(lines)).contains("\"nodeId\":\"live-1\"", "\"to\":\"DRAINING\"");
			assertThat(this.operator.post("/api/nodes/live-1/restore", null).status()).isEqualTo(200);
			assertThat(nextData(lines)).contains("\"to\":\"ACTIVE\"", "operator:" + TestUsers.OPERATOR);
		}
		finally {
			stream.cancel(true);
		}
	}

	/** The next {@code data:} line of the stream, within a deadline. */
	private static String nextData(java.util.concurrent.BlockingQueue<String> lines) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (System.nanoTime() < deadline) {
			String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
			if (line != null && line.startsWith("data:")) {
				return line;
			}
		}
		throw new AssertionError("no event arrived on the live stream within 15 s");
	}

	@Test
	void theOpenApiDescriptionAndSwaggerUiAreServedToUsers() {
		JsonNode description = body(this.viewer.get("/v3/api-docs"));
		assertThat(description.path("paths").has("/api/nodes/{node}/drain")).isTrue();
		assertThat(description.path("paths").has("/api/settings")).isTrue();
		assertThat(description.path("paths").has("/api/events/stream")).isTrue();
		AdminClient.Response swaggerUi = BrowserSession.signIn(baseUrl(), TestUsers.VIEWER, TestUsers.VIEWER_PASSWORD)
			.get("/swagger-ui/index.html");
		assertThat(swaggerUi.status()).isEqualTo(200);
		assertThat(swaggerUi.body()).contains("Swagger UI");
		assertThat(this.anonymous.get("/v3/api-docs").status()).isEqualTo(401);
		assertThat(this.anonymous.get("/actuator/health").status()).isEqualTo(200);
		assertThat(io.monkeyfleet.testsupport.http.Http.get(baseUrl() + "/actuator/prometheus").status())
			.isEqualTo(200);
		assertThat(this.operator.get("/actuator/env").status()).isEqualTo(404);
		assertThat(this.operator.get("/actuator/beans").status()).isEqualTo(404);
	}

	private void assertInvalidSetting(String body, String property) {
		AdminClient.Response response = this.operator.send("PATCH", "/api/settings", body, "application/json");
		assertThat(response.status()).as(body + " → " + response.body()).isEqualTo(400);
		assertThat(problem(response).path("detail").asString()).as(body).contains(property);
	}

	private static org.springframework.validation.beanvalidation.LocalValidatorFactoryBean validator() {
		org.springframework.validation.beanvalidation.LocalValidatorFactoryBean validator = new org.springframework.validation.beanvalidation.LocalValidatorFactoryBean();
		validator.afterPropertiesSet();
		return validator;
	}

	private void assertRefused(String body, String expected) {
		AdminClient.Response response = this.operator.post("/api/routes", body);
		assertThat(response.status()).as(body + " → " + response.body()).isEqualTo(400);
		assertThat(response.isProblem()).isTrue();
		assertThat(problem(response).path("detail").asString()).contains(expected);
	}

	static JsonNode problem(AdminClient.Response response) {
		assertThat(response.isProblem()).as("problem+json: " + response.body()).isTrue();
		return json.readTree(response.body());
	}

	static JsonNode body(AdminClient.Response response) {
		assertThat(response.status()).as(response.body()).isBetween(200, 299);
		return json.readTree(response.body());
	}

}

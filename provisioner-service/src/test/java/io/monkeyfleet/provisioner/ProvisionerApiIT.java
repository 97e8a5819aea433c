package io.monkeyfleet.provisioner;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.provisioner.drivers.local.LocalDriver;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.LaunchTemplate;
import io.monkeyfleet.testsupport.http.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API over real HTTP against a real Redis, with local hosts that run the real
 * sample app: jobs, idempotency, fencing, authentication and every documented error.
 */
class ProvisionerApiIT extends ProvisionerIT {

	/**
	 * With its monitor agent, whose boot marker proves a reboot; made once Redis runs.
	 */
	static HostDefinition APP;

	static final HostDefinition SLOW = SampleApps.host("slow-1", Duration.ofMinutes(10));

	static final HostDefinition SPARE = SampleApps.host("spare-1", Duration.ZERO);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		APP = SampleApps.rebootableHost("app-1", Duration.ofMillis(300), redis);
		configure(registry, List.of(APP, SLOW, SPARE), List.of(new LaunchTemplate("sample", DriverKind.LOCAL, 8080,
				"/health", List.of(), SampleApps.settings(Duration.ZERO), null, null)));
	}

	@Autowired
	LocalDriver localDriver;

	@Test
	void aRebootRunsAsAJobWithStepsTimestampsAndOutput() {
		Api.Answer accepted = api().post("/hosts/app-1/reboot", "{\"reason\":\"hung\"}", 1);

		assertThat(accepted.status()).isEqualTo(202);
		String jobId = accepted.body().path("id").asText();
		assertThat(accepted.header("Location")).isEqualTo("/jobs/" + jobId);
		assertThat(accepted.body().path("type").asText()).isEqualTo("REBOOT");
		assertThat(accepted.body().path("requestedBy").asText()).isEqualTo("monkey");

		JsonNode job = api().awaitFinished(jobId, Duration.ofSeconds(60));
		assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(job.path("reason").asText()).isEqualTo("hung");
		assertThat(job.path("steps")).extracting((step) -> step.path("name").asText())
			.containsExactly("note the boot marker of app-1", "stop app-1", "keep app-1 down for its boot time",
					"start app-1", "await a new boot marker of app-1", "await health of app-1");
		for (JsonNode step : job.path("steps")) {
			assertThat(step.path("status").asText()).isEqualTo("SUCCEEDED");
			assertThat(step.path("startedAt").asText()).isNotBlank();
			assertThat(step.path("endedAt").asText()).isNotBlank();
		}
		assertThat(job.path("steps").get(3).path("output").asText()).contains("started app pid")
			.contains("started agent pid");
		// Never started before: no heartbeat, so no marker to compare; the real agent's
		// first samples after the reboot are accepted as a new agent process's.
		assertThat(job.path("steps").get(0).path("output").asText()).contains("node app-1 has no sample");
		assertThat(job.path("steps").get(4).path("output").asText())
			.contains("app-1 came back: a new agent process publishes boot marker")
			.contains("so the change could not be compared");
		assertThat(Http.get("http://" + APP.address() + "/").body()).isEqualTo("{\"node\":\"app-1\"}");
		assertThat(api().get("/jobs?host=app-1").body()).extracting((listed) -> listed.path("id").asText())
			.contains(jobId);
		assertThat(Http.get("http://127.0.0.1:" + this.port + "/actuator/prometheus").body())
			.contains("provisioner_jobs_finished_total{status=\"SUCCEEDED\",type=\"REBOOT\"}")
			.contains("provisioner_jobs_running");
	}

	@Test
	void aLaunchedHostAnswersHttpJoinsTheInventoryAndCanBeTerminated() {
		Api.Answer launch = api().post("/hosts", "{\"template\":\"sample\",\"reason\":\"fleet is hot\"}", 1);
		assertThat(launch.status()).isEqualTo(202);
		String hostId = launch.body().path("hosts").get(0).asText();
		assertThat(hostId).matches("sample-[0-9a-f]{8}");

		JsonNode launched = api().awaitFinished(launch.body().path("id").asText(), Duration.ofSeconds(60));
		assertThat(launched.path("status").asText()).as(launched.toString()).isEqualTo("SUCCEEDED");
		JsonNode host = api().get("/hosts/" + hostId).body();
		assertThat(host.path("launchedFrom").asText()).isEqualTo("sample");
		String address = host.path("address").asText();
		assertThat(Http.get("http://" + address + "/").body()).isEqualTo("{\"node\":\"" + hostId + "\"}");

		Api.Answer terminate = api().post("/hosts/" + hostId + "/terminate", null, 1);
		assertThat(api().awaitFinished(terminate.body().path("id").asText(), Duration.ofSeconds(60))
			.path("status")
			.asText()).isEqualTo("SUCCEEDED");
		assertThat(api().get("/hosts/" + hostId).status()).isEqualTo(404);
		assertThat(this.localDriver.isRunning(hostId)).isFalse();
	}

	@Test
	void terminatingAConfiguredLocalHostIsRefusedWith422() {
		Api.Answer answer = api().post("/hosts/app-1/terminate", null, 1);
		assertThat(answer.status()).isEqualTo(422);
		assertProblem(answer, "unsupported-operation");
		assertThat(answer.body().path("detail").asText()).contains("only launched local hosts can be terminated");
	}

	@Test
	void anIdempotencyKeyMakesARetryReturnTheSameJob() {
		Map<String, String> headers = Map.of("Fencing-Token", "1", "Authorization", Api.OPERATOR_TOKEN,
				"Idempotency-Key", "restart-spare-1-attempt-1");
		Api.Answer first = api().post("/hosts/spare-1/restart", null, headers);
		Api.Answer retry = api().post("/hosts/spare-1/restart", null, headers);

		assertThat(first.status()).isEqualTo(202);
		assertThat(retry.status()).isEqualTo(202);
		assertThat(retry.body().path("id").asText()).isEqualTo(first.body().path("id").asText());
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(first.header("Idempotent-Replayed")).isNull();

		Api.Answer reused = api().post("/hosts/spare-1/deploy", null, headers);
		assertThat(reused.status()).isEqualTo(422);
		assertProblem(reused, "idempotency-key-reused");
		assertThat(reused.body().path("jobId").asText()).isEqualTo(first.body().path("id").asText());
		assertThat(
				api().awaitFinished(first.body().path("id").asText(), Duration.ofSeconds(60)).path("status").asText())
			.isEqualTo("SUCCEEDED");
	}

	@Test
	void aFencingTokenOlderThanTheNewestSeenIsRefusedWith409() {
		Api.Answer newer = api().post("/hosts/nobody-there/reboot", null, 1_000_000);
		assertThat(newer.status()).isEqualTo(404);
		// A refused request still told us about the newest token? No: only accepted ones
		// count, so accept one first.
		Api.Answer accepted = api().post("/jobs/j-0-0000000000/cancel", null, 1_000_000);
		assertThat(accepted.status()).isEqualTo(404);

		Api.Answer stale = api().post("/hosts/app-1/restart", null, 999_999);
		assertThat(stale.status()).isEqualTo(409);
		assertProblem(stale, "stale-fencing-token");
		assertThat(stale.body().path("newestFencingToken").asLong()).isEqualTo(1_000_000);
		assertThat(stale.body().path("fencingToken").asLong()).isEqualTo(999_999);
		assertThat(stale.body().path("detail").asText()).contains("no longer holds the lease");
	}

	@Test
	void anUnknownHostIs404WithAProblemBody() {
		Api.Answer answer = api().post("/hosts/no-such-host/reboot", null, 1);
		assertThat(answer.status()).isEqualTo(404);
		assertProblem(answer, "unknown-host");
		assertThat(answer.body().path("hostId").asText()).isEqualTo("no-such-host");

		assertThat(api().get("/hosts/no-such-host").status()).isEqualTo(404);

		Api.Answer target = api().post("/hosts/app-1/migrate", "{\"target\":\"no-such-host\"}", 1);
		assertThat(target.status()).isEqualTo(400);
		assertProblem(target, "unknown-host");
	}

	@Test
	void aCyclicRestartPlanIs400NamingTheCycle() {
		String plan = """
				{"services":[
				  {"host":"app-1","dependsOn":["spare-1"]},
				  {"host":"spare-1","dependsOn":["slow-1"]},
				  {"host":"slow-1","dependsOn":["app-1"]}]}""";
		Api.Answer answer = api().post("/clusters/restart", plan, 1);
		assertThat(answer.status()).isEqualTo(400);
		assertProblem(answer, "invalid-plan");
		assertThat(answer.body().path("culprit").asText()).isEqualTo("app-1 -> spare-1 -> slow-1 -> app-1");
	}

	@Test
	void aRestartPlanWithAnUnknownHostIs400NamingIt() {
		String plan = """
				{"services":[{"host":"app-1"},{"host":"ghost-7","dependsOn":["app-1"]}]}""";
		Api.Answer answer = api().post("/clusters/restart", plan, 1);
		assertThat(answer.status()).isEqualTo(400);
		assertProblem(answer, "invalid-plan");
		assertThat(answer.body().path("culprit").asText()).isEqualTo("ghost-7");
	}

	@Test
	void aRequestWithoutCredentialsIs401WithAProblemBody() {
		Api.Answer answer = api().get("/jobs", null);
		assertThat(answer.status()).isEqualTo(401);
		assertProblem(answer, "unauthenticated");
		assertThat(answer.header("WWW-Authenticate")).contains("Bearer").contains("Basic");

		Api.Answer post = api().post("/hosts/app-1/reboot", null, Map.of("Fencing-Token", "1"));
		assertThat(post.status()).isEqualTo(401);
		assertProblem(post, "unauthenticated");
	}

	@Test
	void aWrongTokenOrPasswordIs401() {
		assertThat(api().get("/jobs", "Bearer not-a-token").status()).isEqualTo(401);
		assertThat(api().get("/jobs", Api.basic("operator", "wrong")).status()).isEqualTo(401);
		assertThat(api().get("/jobs", Api.basic("operator", "operator-secret")).status()).isEqualTo(200);
	}

	@Test
	void aViewerMayReadButNotAct() {
		assertThat(api().get("/hosts", Api.VIEWER_TOKEN).status()).isEqualTo(200);
		Api.Answer answer = api().post("/hosts/app-1/reboot", null,
				Map.of("Fencing-Token", "1", "Authorization", Api.basic("viewer", "viewer-secret")));
		assertThat(answer.status()).isEqualTo(403);
		assertProblem(answer, "forbidden");
	}

	@Test
	void aMissingFencingTokenOrABadBodyIs400() {
		Api.Answer noToken = api().post("/hosts/app-1/reboot", null, Map.of("Authorization", Api.OPERATOR_TOKEN));
		assertThat(noToken.status()).isEqualTo(400);
		assertThat(noToken.contentType()).startsWith("application/problem+json");
		assertThat(noToken.body().path("detail").asText()).contains("Fencing-Token");

		Api.Answer badBody = api().post("/hosts/app-1/migrate", "{\"target\":\"no spaces; rm -rf /\"}", 1);
		assertThat(badBody.status()).isEqualTo(400);
		assertThat(badBody.contentType()).startsWith("application/problem+json");

		Api.Answer negative = api().post("/hosts/app-1/reboot", null, -5);
		assertThat(negative.status()).isEqualTo(400);
		assertThat(negative.contentType()).startsWith("application/problem+json");
	}

	@Test
	void aSecondJobOnABusyHostIs409AndCancellingEndsTheFirst() {
		Api.Answer first = api().post("/hosts/slow-1/reboot", null, 1);
		String jobId = first.body().path("id").asText();
		api().awaitStepRunning(jobId, "keep slow-1 down for its boot time", Duration.ofSeconds(30));

		Api.Answer second = api().post("/hosts/slow-1/restart", null, 1);
		assertThat(second.status()).isEqualTo(409);
		assertProblem(second, "host-busy");
		assertThat(second.body().path("jobId").asText()).isEqualTo(jobId);

		Api.Answer cancel = api().post("/jobs/" + jobId + "/cancel", null, 1);
		assertThat(cancel.status()).isEqualTo(202);
		JsonNode job = api().awaitFinished(jobId, Duration.ofSeconds(30));
		assertThat(job.path("status").asText()).isEqualTo("CANCELLED");
		assertThat(job.path("steps").get(2).path("name").asText()).isEqualTo("keep slow-1 down for its boot time");
		assertThat(job.path("steps").get(2).path("message").asText()).isEqualTo("cancelled");
		assertThat(job.path("steps").get(3).path("status").asText()).isEqualTo("SKIPPED");

		Api.Answer again = api().post("/jobs/" + jobId + "/cancel", null, 1);
		assertThat(again.status()).isEqualTo(409);
		assertProblem(again, "job-finished");
		assertThat(api().post("/hosts/slow-1/restart", null, 1).status()).isEqualTo(202);
	}

	@Test
	void anUnknownJobIs404() {
		Api.Answer answer = api().get("/jobs/j-0-0123456789");
		assertThat(answer.status()).isEqualTo(404);
		assertProblem(answer, "unknown-job");
	}

	@Test
	void listsTheInventoryWithoutCommands() {
		Api.Answer hosts = api().get("/hosts");
		assertThat(hosts.status()).isEqualTo(200);
		assertThat(hosts.body()).extracting((host) -> host.path("id").asText())
			.containsExactly("app-1", "slow-1", "spare-1");
		assertThat(hosts.text()).doesNotContain("java.class.path").doesNotContain("SampleApp");
	}

	private static void assertProblem(Api.Answer answer, String type) {
		assertThat(answer.contentType()).startsWith("application/problem+json");
		assertThat(answer.body().path("type").asText()).isEqualTo("urn:monkeyfleet:problem:" + type);
		assertThat(answer.body().path("status").asInt()).isEqualTo(answer.status());
		assertThat(answer.body().path("title").asText()).isNotBlank();
		assertThat(answer.text()).doesNotContain("Exception").doesNotContain("\tat ");
	}

}

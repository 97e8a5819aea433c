package io.monkeyfleet.provisioner.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.monkeyfleet.provisioner.Api;
import io.monkeyfleet.provisioner.ProvisionerIT;
import io.monkeyfleet.provisioner.SampleApps;
import io.monkeyfleet.provisioner.drivers.local.LocalDriver;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restart monkey: a plan of three local hosts running the real sample app, restarted
 * in dependency order with a smoke test after each start.
 */
class ClusterRestartIT extends ProvisionerIT {

	static final HostDefinition STORE = SampleApps.host("store", Duration.ZERO);

	static final HostDefinition APP = SampleApps.host("app", Duration.ZERO);

	static final HostDefinition EDGE = SampleApps.host("edge", Duration.ZERO);

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		configure(registry, List.of(EDGE, APP, STORE));
	}

	@Autowired
	LocalDriver local;

	private Api api;

	private long token = 1;

	@BeforeEach
	void startTheCluster() {
		this.api = api();
		for (String host : List.of("store", "app", "edge")) {
			if (!this.local.isRunning(host)) {
				// A restart of a host that is down starts it; that brings the cluster up.
				JsonNode job = this.api.post("/hosts/" + host + "/restart", null, this.token).body();
				assertThat(
						this.api.awaitFinished(job.path("id").asText(), Duration.ofSeconds(60)).path("status").asText())
					.isEqualTo("SUCCEEDED");
			}
		}
	}

	@Test
	void restartsInDependencyOrderWithASmokeTestAfterEachStart() {
		List<Long> before = pids();
		String plan = """
				{"services":[
				  {"host":"edge","dependsOn":["app"],"smokeTest":{"path":"/","expectStatus":200}},
				  {"host":"app","dependsOn":["store"],"smokeTest":{"path":"/work?ms=1","expectStatus":200}},
				  {"host":"store"}],
				 "reason":"nightly restart"}""";
		Api.Answer accepted = this.api.post("/clusters/restart", plan, this.token);
		assertThat(accepted.status()).isEqualTo(202);

		JsonNode job = this.api.awaitFinished(accepted.body().path("id").asText(), Duration.ofSeconds(120));

		assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
		assertThat(names(job)).containsExactly("stop edge", "stop app", "stop store", "start store",
				"await health of store", "smoke test store", "start app", "await health of app", "smoke test app",
				"start edge", "await health of edge", "smoke test edge");
		assertThat(startTimes(job)).isSorted();
		assertThat(job.path("steps").get(8).path("output").asText())
			.contains("smoke test passed: GET /work?ms=1 answered 200");
		List<Long> after = pids();
		for (int i = 0; i < before.size(); i++) {
			assertThat(after.get(i)).isNotEqualTo(before.get(i));
		}
	}

	@Test
	void aFailingSmokeTestStopsThePlanAndLeavesTheRestStopped() {
		String plan = """
				{"services":[
				  {"host":"store"},
				  {"host":"app","dependsOn":["store"],"smokeTest":{"path":"/no-such-page","timeoutSeconds":2}},
				  {"host":"edge","dependsOn":["app"]}]}""";
		JsonNode job = this.api.awaitFinished(
				this.api.post("/clusters/restart", plan, this.token).body().path("id").asText(),
				Duration.ofSeconds(120));

		assertThat(job.path("status").asText()).isEqualTo("FAILED");
		assertThat(job.path("message").asText()).contains("'smoke test app' failed")
			.contains("expected 200")
			.contains("HTTP 404");
		assertThat(status(job, "smoke test app")).isEqualTo("FAILED");
		assertThat(status(job, "start edge")).isEqualTo("SKIPPED");
		assertThat(status(job, "smoke test edge")).isEqualTo("SKIPPED");
		assertThat(this.local.isRunning("store")).isTrue();
		assertThat(this.local.isRunning("app")).as("left running for a look").isTrue();
		assertThat(this.local.isRunning("edge")).as("left untouched: stopped").isFalse();
	}

	@Test
	void aPlanThatSaysRollbackStartsAgainWhatItStopped() {
		String plan = """
				{"services":[
				  {"host":"store"},
				  {"host":"app","dependsOn":["store"],"smokeTest":{"path":"/health","expectStatus":418,"timeoutSeconds":1}},
				  {"host":"edge","dependsOn":["app"]}],
				 "onFailure":"ROLLBACK"}""";
		JsonNode job = this.api.awaitFinished(
				this.api.post("/clusters/restart", plan, this.token).body().path("id").asText(),
				Duration.ofSeconds(120));

		assertThat(job.path("status").asText()).isEqualTo("FAILED");
		assertThat(job.path("message").asText()).contains("rolled back");
		assertThat(status(job, "start edge")).isEqualTo("SKIPPED");
		assertThat(status(job, "rollback: start edge")).isEqualTo("SUCCEEDED");
		assertThat(status(job, "rollback: await health of edge")).isEqualTo("SUCCEEDED");
		assertThat(this.local.isRunning("edge")).isTrue();
	}

	private List<Long> pids() {
		return List.of(this.local.pids("store").get(0), this.local.pids("app").get(0), this.local.pids("edge").get(0));
	}

	private static List<String> names(JsonNode job) {
		List<String> names = new ArrayList<>();
		job.path("steps").forEach((step) -> names.add(step.path("name").asText()));
		return names;
	}

	private static List<Instant> startTimes(JsonNode job) {
		List<Instant> times = new ArrayList<>();
		job.path("steps").forEach((step) -> times.add(Instant.parse(step.path("startedAt").asText())));
		return times;
	}

	private static String status(JsonNode job, String stepName) {
		for (JsonNode step : job.path("steps")) {
			if (step.path("name").asText().equals(stepName)) {
				return step.path("status").asText();
			}
		}
		throw new AssertionError("no step '" + stepName + "' in " + job);
	}

}

package io.monkeyfleet.provisioner.jobs;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.provisioner.Api;
import io.monkeyfleet.provisioner.ProvisionerApplication;
import io.monkeyfleet.provisioner.SampleApps;
import io.monkeyfleet.provisioner.TestInventory;
import io.monkeyfleet.provisioner.TestRedis;
import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.testsupport.http.Http;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Jobs survive a provisioner restart: the provisioner is really stopped and started again
 * (a new application context on the same Redis), and its jobs resume or fail cleanly.
 */
class JobRecoveryIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	/**
	 * With its monitor agent, whose boot marker proves a reboot; made once Redis runs.
	 */
	private static HostDefinition app;

	@TempDir
	Path state;

	@Test
	void aJobInterruptedByAProvisionerRestartResumesAtTheStepItWasIn() {
		String jobId;
		String markerBefore;
		try (ConfigurableApplicationContext first = start(false)) {
			Api api = api(first);
			JsonNode up = api.post("/hosts/app-1/restart", null, 1).body();
			assertThat(api.awaitFinished(up.path("id").asText(), Duration.ofSeconds(60)).path("status").asText())
				.isEqualTo("SUCCEEDED");
			markerBefore = awaitBootMarker((marker) -> true);
			jobId = api.post("/hosts/app-1/reboot", null, 1).body().path("id").asText();
			api.awaitStepRunning(jobId, "keep app-1 down for its boot time", Duration.ofSeconds(30));
		}
		try (ConfigurableApplicationContext second = start(true)) {
			JsonNode job = api(second).awaitFinished(jobId, Duration.ofSeconds(90));

			assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
			assertThat(job.path("resumes").asInt()).isEqualTo(1);
			// The marker the first provisioner noted before the reboot is the one the
			// second compares with.
			String markerAfter = awaitBootMarker((marker) -> !marker.equals(markerBefore));
			assertThat(job.path("facts").path("bootMarkerBefore:app-1").asText()).endsWith(" " + markerBefore);
			assertThat(job.path("steps").get(4).path("output").asText())
				.contains("app-1 came back with boot marker " + markerAfter + " (before the reboot: " + markerBefore);
			JsonNode bootWait = job.path("steps").get(2);
			assertThat(bootWait.path("output").asText()).contains("resumed by another provisioner");
			// The boot time counts from the step's first start, not from the resume.
			assertThat(Duration.between(Instant.parse(bootWait.path("startedAt").asText()),
					Instant.parse(bootWait.path("endedAt").asText())))
				.isGreaterThanOrEqualTo(Duration.ofSeconds(4))
				.isLessThan(Duration.ofSeconds(30));
			assertThat(Http.get("http://" + app().address() + "/").body()).isEqualTo("{\"node\":\"app-1\"}");
		}
	}

	@Test
	void aJobLeftInAStepThatIsNotSafeToRepeatFailsCleanlyAndFreesItsHost() {
		JobStore store = new JobStore(TestRedis.template(redis), new KeySchema("mf:"), new FleetCodec(),
				Clock.systemUTC(),
				new JobProperties(1, Duration.ofSeconds(2), Duration.ofDays(1), Duration.ofHours(1), 4000, 100));
		// What a provisioner that crashed in the middle of a reboot command leaves
		// behind.
		Instant now = Instant.now();
		Job crashed = new Job("j-crash-0123456789", JobType.REBOOT, JobStatus.QUEUED, List.of("app-1"), Map.of(),
				List.of(Step.pending(0, "reboot app-1", Action.REBOOT, "app-1", Map.of(), false),
						Step.pending(1, "await app-1 back", Action.AWAIT_REACHABLE, "app-1", Map.of(), false)),
				1, "monkey", "hung", now, null, null, null, Map.of(), 0);
		assertThat(store.submit(crashed, null, "request")).isInstanceOf(SubmitOutcome.Accepted.class);
		assertThat(store.claimLease(crashed.id(), "crashed-provisioner")).isTrue();
		assertThat(store.save(crashed.running(now).withStep(0, (step) -> step.started(now)), "crashed-provisioner"))
			.isTrue();

		try (ConfigurableApplicationContext provisioner = start(true)) {
			Api api = api(provisioner);
			JsonNode job = api.awaitFinished(crashed.id(), Duration.ofSeconds(60));

			assertThat(job.path("status").asText()).isEqualTo("FAILED");
			assertThat(job.path("message").asText()).contains("not safe to repeat").contains("check host app-1");
			assertThat(job.path("steps").get(0).path("status").asText()).isEqualTo("FAILED");
			assertThat(job.path("steps").get(1).path("status").asText()).isEqualTo("SKIPPED");
			assertThat(api.post("/hosts/app-1/restart", null, 1).status()).as("the host lock is free").isEqualTo(202);
		}
	}

	private static HostDefinition app() {
		if (app == null) {
			app = SampleApps.rebootableHost("app-1", Duration.ofSeconds(4), redis);
		}
		return app;
	}

	/** The boot marker app-1's agent publishes, once it satisfies {@code wanted}. */
	private static String awaitBootMarker(Predicate<String> wanted) {
		FleetStore store = TestRedis.store(redis);
		return await("a boot marker of app-1").atMost(Duration.ofSeconds(60))
			.until(() -> store.sample("app-1").map(MetricsSample::bootMarker).filter(wanted), Optional::isPresent)
			.orElseThrow();
	}

	private ConfigurableApplicationContext start(boolean stopOnShutdown) {
		Map<String, Object> properties = new HashMap<>(TestInventory.properties(List.of(app()), List.of()));
		properties.put("server.port", "0");
		properties.put("spring.data.redis.host", redis.host());
		properties.put("spring.data.redis.port", redis.port());
		properties.put("monkeyfleet.provisioner.local.state-directory", this.state.toString());
		properties.put("monkeyfleet.provisioner.local.stop-on-shutdown", stopOnShutdown);
		return new SpringApplicationBuilder(ProvisionerApplication.class).profiles("test").properties(properties).run();
	}

	private static Api api(ConfigurableApplicationContext context) {
		return new Api("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
	}

}

package io.monkeyfleet.provisioner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.testsupport.http.Http;
import io.monkeyfleet.testsupport.process.JavaProcess;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The provisioner as its own process, killed with {@code SIGKILL} in the middle of a job:
 * the next provisioner adopts the local hosts the dead one left running, takes the job
 * over once its lease expires and finishes it; stopping that provisioner stops every
 * host, leaving no process behind.
 */
class ProvisionerCrashIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	/**
	 * With its monitor agent, whose boot marker proves the reboot; made once Redis runs.
	 */
	private static HostDefinition rebooting;

	static final HostDefinition SERVING = SampleApps.host("app-2", Duration.ZERO);

	@TempDir
	Path state;

	@Test
	void aKilledProvisionersHostsAreAdoptedAndItsJobIsFinishedByTheNextOne() {
		String jobId;
		long servingPid;
		try (Provisioner first = start("provisioner-1")) {
			Api api = first.api;
			for (String host : List.of("app-1", "app-2")) {
				String id = api.post("/hosts/" + host + "/restart", null, 1).body().path("id").asText();
				assertThat(api.awaitFinished(id, Duration.ofSeconds(60)).path("status").asText())
					.isEqualTo("SUCCEEDED");
			}
			servingPid = ProcessHandle.of(pidOf(api, "app-2")).orElseThrow().pid();
			jobId = api.post("/hosts/app-1/reboot", null, 1).body().path("id").asText();
			api.awaitStepRunning(jobId, "keep app-1 down for its boot time", Duration.ofSeconds(30));

			first.process.kill();
		}
		assertThat(ProcessHandle.of(servingPid)).as("a crashed provisioner leaves its hosts serving").isPresent();
		assertThat(Http.get("http://" + SERVING.address() + "/").body()).isEqualTo("{\"node\":\"app-2\"}");

		try (Provisioner second = start("provisioner-2")) {
			second.process.awaitOutput("app-2: adopted [app pid " + servingPid + "]", Duration.ofSeconds(30));
			JsonNode job = second.api.awaitFinished(jobId, Duration.ofSeconds(60));
			assertThat(job.path("status").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
			assertThat(job.path("resumes").asInt()).isEqualTo(1);
			assertThat(Http.get("http://" + rebooting().address() + "/").body()).isEqualTo("{\"node\":\"app-1\"}");
			assertThat(job.path("steps").get(4).path("output").asText()).contains("app-1 came back");
			long rebootedPid = pidOf(second.api, "app-1");

			second.process.close();

			await().atMost(Duration.ofSeconds(30))
				.until(() -> ProcessHandle.of(servingPid).isEmpty() && ProcessHandle.of(rebootedPid).isEmpty());
		}
	}

	private static long pidOf(Api api, String host) {
		String description = api.get("/hosts/" + host).body().path("state").path("app").asText();
		return Long.parseLong(description.split(" ")[1]);
	}

	private static HostDefinition rebooting() {
		if (rebooting == null) {
			rebooting = SampleApps.rebootableHost("app-1", Duration.ofSeconds(5), redis);
		}
		return rebooting;
	}

	private Provisioner start(String name) {
		int port = SampleApps.freePort();
		List<String> arguments = new ArrayList<>();
		Map<String, Object> properties = TestInventory.properties(List.of(rebooting(), SERVING), List.of());
		properties.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		arguments.addAll(List.of("--server.port=" + port, "--spring.profiles.active=test",
				"--spring.data.redis.host=" + redis.host(), "--spring.data.redis.port=" + redis.port(),
				"--monkeyfleet.provisioner.local.state-directory=" + this.state,
				"--monkeyfleet.provisioner.local.stale-processes=adopt",
				"--monkeyfleet.provisioner.local.stop-on-shutdown=true"));
		JavaProcess process = JavaProcess.start(name, ProvisionerApplication.class,
				List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"), arguments, Map.of());
		process.awaitOutput("Started ProvisionerApplication", Duration.ofSeconds(90));
		return new Provisioner(process, new Api("http://127.0.0.1:" + port));
	}

	/** A provisioner process and its API. */
	private record Provisioner(JavaProcess process, Api api) implements AutoCloseable {

		@Override
		public void close() {
			this.process.close();
		}

	}

}

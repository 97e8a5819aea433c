package io.monkeyfleet.loadgen;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.loadgen.chaos.ChaosInjector;
import io.monkeyfleet.loadgen.chaos.ChaosStep;
import io.monkeyfleet.loadgen.chaos.NodeDirectory;
import io.monkeyfleet.loadgen.run.Report;
import io.monkeyfleet.testsupport.process.FreePorts;
import io.monkeyfleet.testsupport.process.JavaProcess;
import io.monkeyfleet.testsupport.process.ServiceJars;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The load generator against a real sample-app process: the command line's run, report
 * and JSON, and chaos through the app's endpoints and by signals to its process.
 */
class LoadGenIT {

	private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static JavaProcess app;

	private static int port;

	@TempDir
	Path folder;

	@BeforeAll
	static void startTheApp() {
		port = FreePorts.loopback();
		app = JavaProcess.startJar("sample-app", ServiceJars.of("sample-app"), List.of("-Xmx64m"),
				List.of("--node-id=n1", "--port=" + port, "--chaos=true"), Map.of());
		app.awaitOutput("listening on", Duration.ofSeconds(30));
	}

	@AfterAll
	static void stopTheApp() {
		app.close();
	}

	@Test
	void aRunPrintsItsFiguresAndWritesThemAsJson() throws Exception {
		Path json = this.folder.resolve("report.json");
		ByteArrayOutputStream printed = new ByteArrayOutputStream();
		LoadGenSettings settings = LoadGenSettings.parse(new String[] { "--target=http://127.0.0.1:" + port,
				"--rate=50", "--duration=2s", "--seed=5", "--malformed=0", "--json=" + json }, 1);
		int exit = LoadGen.run(settings, new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.systemUTC());
		String summary = printed.toString(StandardCharsets.UTF_8);
		assertThat(exit).isZero();
		assertThat(summary).contains("requests 100 (sent 100, malformed 0), answered 100, failed 0")
			.contains("latency from due time, ms: p50")
			.contains("answered by: {n1=100}");
		JsonNode report = JsonMapper.builder().build().readTree(Files.readString(json));
		assertThat(report.path("requests").asLong()).isEqualTo(100);
		assertThat(report.path("failed").asLong()).isZero();
		assertThat(report.path("seed").asLong()).isEqualTo(5);
		assertThat(report.path("statuses").path("200").asLong()).isEqualTo(100);
		assertThat(report.path("latencyMs").path("p99").asDouble()).isPositive();
		assertThat(report.path("timeline")).hasSize(2);
	}

	@Test
	void malformedRequestsAreSentAsTheyAreAndAnsweredByTheApp() throws Exception {
		try (LoadRun run = LoadRun.start(LoadRun.options(URI.create("http://127.0.0.1:" + port))
			.rate(50)
			.duration(Duration.ofSeconds(2))
			.mix(io.monkeyfleet.loadgen.mix.RequestMix.sampleApp(1))
			.timeout(Duration.ofSeconds(5)))) {
			Report report = run.await();
			assertThat(report.malformed()).isEqualTo(100);
			assertThat(report.sent()).isEqualTo(100);
			// The JDK's HTTP server behind the sample app refuses most of them itself.
			assertThat(report.statuses().keySet()).anyMatch((status) -> status.startsWith("4"));
		}
	}

	@Test
	void chaosGoesThroughTheAppsEndpointsAndBySignals() throws Exception {
		NodeDirectory directory = new NodeDirectory() {
			@Override
			public URI app(String node) {
				return URI.create("http://127.0.0.1:" + port);
			}

			@Override
			public Map<String, Long> processes(String node) {
				return Map.of("app", app.pid());
			}
		};
		try (ChaosInjector chaos = new ChaosInjector(directory, Clock.systemUTC())) {
			Report.ChaosRecord burn = chaos.apply(ChaosStep.parse("0s:cpu:n1:1"));
			assertThat(burn.ok()).as(burn.outcome()).isTrue();
			assertThat(burn.outcome()).contains("/chaos/cpu?cores=1&seconds=1").contains("202");
			assertThat(chaos.apply(ChaosStep.parse("0s:reset:n1")).ok()).isTrue();

			Report.ChaosRecord stop = chaos.apply(ChaosStep.parse("0s:sigstop:n1/app"));
			assertThat(stop.outcome()).contains("SIGSTOP").contains(String.valueOf(app.pid()));
			assertThat(answers()).as("a stopped app answers nothing").isFalse();
			assertThat(chaos.apply(ChaosStep.parse("0s:sigcont:n1")).ok()).isTrue();
			await("the app answers again").atMost(Duration.ofSeconds(10)).until(LoadGenIT::answers);

			Report.ChaosRecord missing = chaos.apply(ChaosStep.parse("0s:sigkill:n1/agent"));
			assertThat(missing.ok()).isFalse();
			assertThat(missing.outcome()).contains("no running process 'agent'");
		}
	}

	private static boolean answers() {
		try {
			return CLIENT
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
					.timeout(Duration.ofMillis(700))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (Exception ex) {
			return false;
		}
	}

}

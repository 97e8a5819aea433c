package io.monkeyfleet.deploy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.tools.ToolProvider;

import com.sun.net.httpserver.HttpServer;
import io.monkeyfleet.testsupport.process.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The images' HEALTHCHECK program, compiled as the Dockerfile compiles it
 * ({@code javac --release 17}) and run as the image runs it: healthy on 2xx, unhealthy on
 * anything else, on no answer, and without a URL.
 */
class HealthProbeIT {

	@TempDir
	static Path classes;

	private static HttpServer server;

	@BeforeAll
	static void compileAndServe() throws IOException {
		int status = ToolProvider.getSystemJavaCompiler()
			.run(null, null, null, "--release", "17", "-d", classes.toString(),
					DeployFiles.file("docker/HealthProbe.java").toString());
		assertThat(status).as("javac HealthProbe.java").isZero();
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/ready", (exchange) -> {
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		server.createContext("/down", (exchange) -> {
			exchange.sendResponseHeaders(503, -1);
			exchange.close();
		});
		server.start();
	}

	@AfterAll
	static void stop() {
		server.stop(0);
	}

	@Test
	void healthyWhenTheServiceAnswers2xx() {
		assertThat(probe(List.of(url("/ready")), Map.of()).exitCode()).isZero();
	}

	@Test
	void healthyWithTheUrlFromTheEnvironmentAsTheImageSetsIt() {
		assertThat(probe(List.of(), Map.of("HEALTHCHECK_URL", url("/ready"))).exitCode()).isZero();
	}

	@Test
	void unhealthyWhenTheServiceIsNotReady() {
		Tools.Result result = probe(List.of(url("/down")), Map.of());
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("answered 503");
	}

	@Test
	void unhealthyWhenNothingListens() {
		Tools.Result result = probe(List.of("http://127.0.0.1:" + FreePorts.loopback() + "/actuator/health"), Map.of());
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.output()).contains("failed");
	}

	@Test
	void saysSoWhenItHasNoUrl() {
		Tools.Result result = probe(List.of(), Map.of("HEALTHCHECK_URL", ""));
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.output()).contains("no URL");
	}

	private static String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	private static Tools.Result probe(List<String> arguments, Map<String, String> environment) {
		List<String> command = new java.util.ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
						"-XX:+UseSerialGC", "-Xmx16m", "-cp", classes.toString(), "HealthProbe"));
		command.addAll(arguments);
		return Tools.run(command, DeployFiles.deploy(), environment, Duration.ofSeconds(30));
	}

}

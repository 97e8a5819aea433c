package io.monkeyfleet.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

import io.monkeyfleet.testsupport.http.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SampleAppTests {

	private SampleApp app;

	@AfterEach
	void stop() {
		if (this.app != null) {
			this.app.close();
		}
	}

	@Test
	void saysWhichNodeAnswered() {
		start(false);
		assertThat(get("/")).isEqualTo(new Http.Response(200, "{\"node\":\"node-a\"}"));
		assertThat(get("/health")).isEqualTo(new Http.Response(200, "{\"status\":\"UP\"}"));
	}

	@Test
	void worksForTheRequestedTime() {
		start(false);
		long started = System.nanoTime();
		assertThat(get("/work?ms=120&cpu=true").body()).isEqualTo("{\"node\":\"node-a\",\"ms\":120,\"cpu\":true}");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(120));
		assertThat(get("/work?ms=10").status()).isEqualTo(200);
	}

	@Test
	void answersBadInputWithAProblem() {
		start(false);
		Http.Response response = get("/work?ms=lots");
		assertThat(response.status()).isEqualTo(400);
		assertThat(response.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
				+ "\"detail\":\"query parameter 'ms' must be a whole number from 0 to 60000\"}");
		assertThat(get("/work?ms=60001").status()).isEqualTo(400);
		assertThat(get("/work?cpu=yes").status()).isEqualTo(400);
		assertThat(get("/nowhere").status()).isEqualTo(404);
		assertThat(post("/work").status()).isEqualTo(405);
	}

	@Test
	void answersALargeBodyItDoesNotWantInsteadOfResettingTheConnection() {
		start(false);
		byte[] fiveMegabytes = new byte[5 * 1024 * 1024];
		java.util.Arrays.fill(fiveMegabytes, (byte) '[');
		for (int i = 0; i < 5; i++) {
			Http.Response response = Http.send(HttpRequest.newBuilder(url("/"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(fiveMegabytes))
				.build());
			assertThat(response.status()).isEqualTo(405);
		}
	}

	@Test
	void chaosIsOffUnlessAskedFor() {
		start(false);
		Http.Response response = post("/chaos/cpu?cores=1&seconds=1");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.body()).contains("chaos endpoints are off");
	}

	@Test
	void burnsCpuUntilReset() {
		start(true);
		assertThat(post("/chaos/cpu?cores=1&seconds=30").status()).isEqualTo(202);
		assertThat(post("/chaos/cpu?cores=0").status()).isEqualTo(400);
		assertThat(post("/chaos/reset").status()).isEqualTo(200);
	}

	@Test
	void holdsMemoryOnRequest() {
		start(true);
		Http.Response response = post("/chaos/memory?percent=30");
		assertThat(response.status()).isEqualTo(202);
		assertThat(response.body()).startsWith("{\"heldBytes\":");
		assertThat(post("/chaos/memory?percent=99").status()).isEqualTo(400);
		post("/chaos/reset");
	}

	@Test
	void aHungAppAcceptsConnectionsButAnswersNothingUntilTheHangEnds() throws Exception {
		start(true);
		assertThat(post("/chaos/hang?seconds=2").status()).isEqualTo(202);
		HttpClient client = HttpClient.newHttpClient();
		HttpRequest health = HttpRequest.newBuilder(url("/health")).timeout(Duration.ofMillis(500)).build();
		assertThatExceptionOfType(HttpTimeoutException.class)
			.isThrownBy(() -> client.send(health, HttpResponse.BodyHandlers.ofString()));
		HttpResponse<String> later = client.send(HttpRequest.newBuilder(url("/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(later.statusCode()).isEqualTo(200);
	}

	@Test
	void refusesBadSettingsWithAClearMessage() {
		assertThatIllegalArgumentException().isThrownBy(() -> SampleAppSettings.parse(new String[0], Map.of()))
			.withMessage("--node-id is required");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SampleAppSettings.parse(new String[] { "--node-id=a", "--port=http" }, Map.of()))
			.withMessage("--port must be a whole number, was 'http'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SampleAppSettings.parse(new String[] { "--node-id=a", "--colour=red" }, Map.of()))
			.withMessageStartingWith("unknown argument --colour");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SampleAppSettings.parse(new String[] { "node-id=a" }, Map.of()))
			.withMessageStartingWith("arguments look like --name=value");
		assertThat(SampleAppSettings.parse(new String[] { "--port=0" }, Map.of("NODE_ID", "from-env")).nodeId())
			.isEqualTo("from-env");
	}

	private void start(boolean chaos) {
		this.app = SampleApp.start(new SampleAppSettings("node-a", 0, "127.0.0.1", chaos, 8, null, null));
	}

	private URI url(String path) {
		return URI.create("http://127.0.0.1:" + this.app.port() + path);
	}

	private Http.Response get(String path) {
		return Http.get(url(path).toString());
	}

	private Http.Response post(String path) {
		return Http.send(HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.noBody()).build());
	}

}

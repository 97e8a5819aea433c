package io.monkeyfleet.monkey.alerts;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static io.monkeyfleet.monkey.alerts.TestAlerts.START;
import static io.monkeyfleet.monkey.alerts.TestAlerts.quarantined;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The webhook channel against a real HTTP server on this machine. */
class WebhookChannelIT {

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(1);

	private final JsonMapper json = JsonMapper.builder().build();

	private RecordingWebhook server;

	@BeforeEach
	void startServer() throws IOException {
		this.server = new RecordingWebhook();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void postsAnAlertAsGenericJson() throws Exception {
		channel(AlertsProperties.WebhookFormat.GENERIC, Map.of("Authorization", "Bearer s3cret"))
			.send(Notification.immediate(quarantined("n1", START, "repair budget exhausted")));

		RecordingWebhook.Request request = single();
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/hooks/alerts");
		assertThat(request.header("Content-Type")).isEqualTo("application/json");
		assertThat(request.header("Authorization")).isEqualTo("Bearer s3cret");
		JsonNode payload = this.json.readTree(request.body());
		assertThat(payload.get("type").asString()).isEqualTo("alert");
		assertThat(payload.get("kind").asString()).isEqualTo("node-quarantined");
		assertThat(payload.get("nodeId").asString()).isEqualTo("n1");
		assertThat(payload.get("pool").asString()).isEqualTo("web");
		assertThat(payload.get("severity").asString()).isEqualTo("CRITICAL");
		assertThat(payload.get("subject").asString())
			.isEqualTo("CRITICAL node-quarantined on node n1 (pool web): repair budget exhausted");
		assertThat(payload.get("count").asInt()).isOne();
		assertThat(payload.get("windowStart").isNull()).isTrue();
		JsonNode alert = payload.get("alerts").get(0);
		assertThat(alert.get("time").asString()).isEqualTo("2030-01-01T12:00:00Z");
		assertThat(alert.get("summary").asString()).isEqualTo("repair budget exhausted");
		assertThat(alert.get("details").propertyNames()).containsExactly("repairs", "last-cpu");
		assertThat(alert.get("details").get("repairs").asString()).isEqualTo("3 in 24h");
	}

	@Test
	void postsADigestAsGenericJsonListingEveryHeldAlert() throws Exception {
		Notification digest = Notification.digest(AlertGroup.of(quarantined("n1", START, "x")),
				List.of(quarantined("n1", START.plusSeconds(60), "second"),
						quarantined("n1", START.plusSeconds(90), "third")),
				4, START, START.plus(Duration.ofMinutes(5)));
		channel(AlertsProperties.WebhookFormat.GENERIC, Map.of()).send(digest);

		JsonNode payload = this.json.readTree(single().body());
		assertThat(payload.get("type").asString()).isEqualTo("digest");
		assertThat(payload.get("count").asInt()).isEqualTo(6);
		assertThat(payload.get("omitted").asInt()).isEqualTo(4);
		assertThat(payload.get("windowStart").asString()).isEqualTo("2030-01-01T12:00:00Z");
		assertThat(payload.get("windowEnd").asString()).isEqualTo("2030-01-01T12:05:00Z");
		assertThat(payload.get("alerts").valueStream().map((alert) -> alert.get("summary").asString()))
			.containsExactly("second", "third");
	}

	@Test
	void postsSlackCompatibleText() throws Exception {
		channel(AlertsProperties.WebhookFormat.SLACK, Map.of())
			.send(Notification.immediate(quarantined("n1", START, "cpu > 90% & health <down>")));

		JsonNode payload = this.json.readTree(single().body());
		assertThat(payload.propertyNames()).containsExactly("text");
		assertThat(payload.get("text").asString())
			.startsWith(
					"*CRITICAL node-quarantined on node n1 (pool web): cpu &gt; 90% &amp; health &lt;down&gt;*\n```")
			.contains("repairs: 3 in 24h")
			.endsWith("```");
	}

	@Test
	void anAnswerOtherThan2xxIsAFailureThatIsRetriedThenCounted() throws InterruptedException {
		this.server.answer(503, 500, 503, 502);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		ChannelWorker worker = new ChannelWorker(channel(AlertsProperties.WebhookFormat.GENERIC, Map.of()), 10,
				new RetryPolicy(3, Duration.ZERO, Duration.ZERO), (pause) -> {
				}, registry);
		worker.submit(Notification.immediate(quarantined("n1", START, "given up")));
		worker.submit(Notification.immediate(quarantined("n1", START, "sent on its second attempt")));
		worker.deliverPending();
		assertThat(this.server.requests()).hasSize(5);
		assertThat(registry.get("monkeyfleet.alerts.failed").tag("channel", "webhook").counter().count()).isOne();
		assertThat(registry.get("monkeyfleet.alerts.sent").tag("channel", "webhook").counter().count()).isOne();
	}

	@Test
	void aServerThatNeverAnswersFailsTheSendWithinTheRequestTimeout() {
		this.server.hang();
		WebhookChannel channel = channel(AlertsProperties.WebhookFormat.GENERIC, Map.of());
		assertTimeoutPreemptively(REQUEST_TIMEOUT.multipliedBy(10),
				() -> assertThatExceptionOfType(IOException.class)
					.isThrownBy(() -> channel.send(Notification.immediate(quarantined("n1", START, "unanswered"))))
					.withMessageContaining("timed out"));
		assertThat(this.server.requests()).hasSize(1);
	}

	@Test
	void aRefusedConnectionIsAFailure() throws IOException {
		URI closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
		}
		WebhookChannel channel = new WebhookChannel(HttpClient.newHttpClient(), closed,
				AlertsProperties.WebhookFormat.GENERIC, REQUEST_TIMEOUT, Map.of(), this.json);
		assertThatExceptionOfType(ConnectException.class)
			.isThrownBy(() -> channel.send(Notification.immediate(quarantined("n1", START, "refused"))));
	}

	private WebhookChannel channel(AlertsProperties.WebhookFormat format, Map<String, String> headers) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
		return new WebhookChannel(client, this.server.url(), format, REQUEST_TIMEOUT, headers, this.json);
	}

	private RecordingWebhook.Request single() {
		assertThat(this.server.requests()).hasSize(1);
		return this.server.requests().get(0);
	}

}

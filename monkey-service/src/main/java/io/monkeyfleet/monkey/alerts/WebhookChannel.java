package io.monkeyfleet.monkey.alerts;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import tools.jackson.databind.json.JsonMapper;

/**
 * Alerts as JSON posted to one URL with the JDK's HTTP client. Any 2xx answer is success;
 * anything else, a refused connection or no full answer within the request timeout is a
 * failure.
 */
final class WebhookChannel implements AlertChannel {

	private static final int MAX_ERROR_BODY = 200;

	private static final Duration BODY_GRACE = Duration.ofMillis(500);

	private final HttpClient client;

	private final URI url;

	private final AlertsProperties.WebhookFormat format;

	private final Duration requestTimeout;

	private final Map<String, String> headers;

	private final JsonMapper json;

	WebhookChannel(HttpClient client, URI url, AlertsProperties.WebhookFormat format, Duration requestTimeout,
			Map<String, String> headers, JsonMapper json) {
		this.client = client;
		this.url = url;
		this.format = format;
		this.requestTimeout = requestTimeout;
		this.headers = Map.copyOf(headers);
		this.json = json;
	}

	@Override
	public String name() {
		return "webhook";
	}

	@Override
	public void send(Notification notification) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.url)
			.timeout(this.requestTimeout)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(payload(notification)));
		this.headers.forEach(request::header);
		CompletableFuture<HttpResponse<String>> answer = this.client.sendAsync(request.build(),
				HttpResponse.BodyHandlers.ofString());
		HttpResponse<String> response;
		try {
			// The client's request timeout covers only the wait for the response headers;
			// this also bounds a server that then trickles its body.
			response = answer.get(this.requestTimeout.plus(BODY_GRACE).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			answer.cancel(true);
			throw new HttpTimeoutException("no full answer from " + this.url + " within " + this.requestTimeout);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw (cause instanceof IOException io) ? io : new IOException(String.valueOf(cause), cause);
		}
		if (response.statusCode() / 100 != 2) {
			String body = response.body();
			throw new IOException("webhook " + this.url + " answered " + response.statusCode() + ": "
					+ ((body.length() > MAX_ERROR_BODY) ? body.substring(0, MAX_ERROR_BODY) + "…" : body));
		}
	}

	String payload(Notification notification) {
		return (this.format == AlertsProperties.WebhookFormat.SLACK) ? slack(notification) : generic(notification);
	}

	/**
	 * The notification as a JSON object: its type ({@code alert} or {@code digest}),
	 * group, highest severity, subject, window and every alert in full.
	 */
	private String generic(Notification notification) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("type", notification.isDigest() ? "digest" : "alert");
		payload.put("kind", notification.group().kind());
		payload.put("pool", notification.first().pool());
		payload.put("nodeId", notification.group().nodeId());
		payload.put("severity", notification.severity());
		payload.put("subject", AlertText.subject(notification));
		payload.put("count", notification.count());
		payload.put("omitted", notification.omitted());
		payload.put("windowStart", notification.windowStart());
		payload.put("windowEnd", notification.windowEnd());
		List<Map<String, Object>> alerts = notification.alerts().stream().map(WebhookChannel::alert).toList();
		payload.put("alerts", alerts);
		return this.json.writeValueAsString(payload);
	}

	private static Map<String, Object> alert(Alert alert) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("time", alert.time());
		fields.put("severity", alert.severity());
		fields.put("kind", alert.kind());
		fields.put("pool", alert.pool());
		fields.put("nodeId", alert.nodeId());
		fields.put("summary", alert.summary());
		fields.put("details", alert.details());
		return fields;
	}

	/**
	 * Slack's incoming-webhook shape, {@code {"text": ...}}, which Mattermost,
	 * Rocket.Chat and Microsoft Teams' Slack-compatible hooks also take: the subject in
	 * bold, the body as preformatted text.
	 */
	private String slack(Notification notification) {
		String text = "*" + escapeSlack(AlertText.subject(notification)) + "*\n```"
				+ escapeSlack(AlertText.body(notification)) + "```";
		return this.json.writeValueAsString(Map.of("text", text));
	}

	/**
	 * Slack reads '&amp;', '&lt;' and '&gt;' as control characters and wants them
	 * escaped.
	 */
	static String escapeSlack(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}

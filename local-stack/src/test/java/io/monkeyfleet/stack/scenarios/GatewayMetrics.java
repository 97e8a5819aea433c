package io.monkeyfleet.stack.scenarios;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the gateway's own per-node meters from {@code /actuator/prometheus}: how many
 * requests it has routed to a node so far (finished plus in flight). When that stops
 * growing, the gateway stopped choosing the node.
 */
final class GatewayMetrics {

	private static final Pattern SAMPLE = Pattern.compile(
			"^(monkeyfleet_gateway_node_requests_total|monkeyfleet_gateway_node_inflight)\\{([^}]*)\\} ([0-9.eE+-]+)$",
			Pattern.MULTILINE);

	private final URI prometheus;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

	GatewayMetrics(URI gateway) {
		this.prometheus = gateway.resolve("/actuator/prometheus");
	}

	/** Requests routed to {@code node} so far, or -1 when the gateway did not answer. */
	long routedTo(String node) {
		String text;
		try {
			text = this.client
				.send(HttpRequest.newBuilder(this.prometheus).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString())
				.body();
		}
		catch (Exception ex) {
			return -1;
		}
		double routed = 0;
		Matcher matcher = SAMPLE.matcher(text);
		while (matcher.find()) {
			if (matcher.group(2).contains("node=\"" + node + "\"")) {
				routed += Double.parseDouble(matcher.group(3));
			}
		}
		return Math.round(routed);
	}

}

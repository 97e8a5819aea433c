package io.monkeyfleet.loadgen.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Nodes as the provisioner knows them ({@code GET /hosts/{id}}): the app's address, and
 * for a host of the {@code local} driver the pid of each of its processes (the driver
 * describes each as {@code pid 123 running}).
 */
public final class ProvisionerDirectory implements NodeDirectory {

	private static final Pattern RUNNING_PID = Pattern.compile("pid (\\d+) running");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final URI provisioner;

	private final String token;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	public ProvisionerDirectory(URI provisioner, String token) {
		this.provisioner = provisioner;
		this.token = token;
	}

	@Override
	public URI app(String node) {
		return URI.create("http://" + host(node).path("address").asString());
	}

	@Override
	public Map<String, Long> processes(String node) {
		Map<String, Long> pids = new LinkedHashMap<>();
		host(node).path("state").properties().forEach((entry) -> {
			Matcher matcher = RUNNING_PID.matcher(entry.getValue().asString());
			if (matcher.find()) {
				pids.put(entry.getKey(), Long.parseLong(matcher.group(1)));
			}
		});
		return pids;
	}

	private JsonNode host(String node) {
		HttpRequest request = HttpRequest.newBuilder(this.provisioner.resolve("/hosts/" + node))
			.header("Authorization", "Bearer " + this.token)
			.timeout(Duration.ofSeconds(5))
			.build();
		try {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() != 200) {
				throw new IllegalStateException("the provisioner answered " + response.statusCode() + " for host "
						+ node + ": " + response.body());
			}
			return JSON.readTree(response.body());
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"cannot ask the provisioner at " + this.provisioner + " about " + node + ": " + ex.getMessage(),
					ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}

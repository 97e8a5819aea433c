package io.monkeyfleet.provisioner.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import io.monkeyfleet.model.NodeAddress;
import io.monkeyfleet.provisioner.drivers.JobInterruptedException;

/**
 * One HTTP GET to a host's app, with a timeout: health checks and smoke tests. The
 * address comes from the inventory and the path from the inventory or a validated plan.
 */
public class HttpProbe {

	private final HttpClient client;

	private final Duration requestTimeout;

	public HttpProbe(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
		this.client = HttpClient.newBuilder()
			.connectTimeout(requestTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/**
	 * @return the status, or empty with {@code failure} filled when there was no answer
	 */
	public Result get(NodeAddress address, String path) {
		URI uri = URI.create("http://" + address + path);
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(this.requestTimeout).GET().build();
		try {
			HttpResponse<Void> response = this.client.send(request, HttpResponse.BodyHandlers.discarding());
			return new Result(Optional.of(response.statusCode()), "HTTP " + response.statusCode() + " from " + uri);
		}
		catch (IOException ex) {
			return new Result(Optional.empty(), "no answer from " + uri + ": " + ex.getClass().getSimpleName()
					+ ((ex.getMessage() != null) ? " " + ex.getMessage() : ""));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JobInterruptedException();
		}
	}

	/**
	 * @param status the answer's status, if there was one
	 * @param description for the step's output
	 */
	public record Result(Optional<Integer> status, String description) {

		public boolean is(int expected) {
			return this.status.isPresent() && this.status.get() == expected;
		}

	}

}

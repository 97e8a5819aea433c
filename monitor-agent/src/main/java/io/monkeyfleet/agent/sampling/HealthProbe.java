package io.monkeyfleet.agent.sampling;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.monkeyfleet.model.AppHealth;

/**
 * Asks the local application's health URL. Anything but a 2xx answer within the timeout
 * is {@code DOWN}: an app that accepts the connection and never answers is as unhealthy
 * as one that refuses it. Without a URL, health is {@code UNKNOWN}, never assumed
 * {@code UP}.
 */
public final class HealthProbe {

	private final HttpClient client;

	private final URI url;

	private final Duration timeout;

	public HealthProbe(URI url, Duration timeout) {
		this.url = url;
		this.timeout = timeout;
		this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
	}

	public AppHealth probe() {
		if (this.url == null) {
			return AppHealth.UNKNOWN;
		}
		HttpRequest request = HttpRequest.newBuilder(this.url).timeout(this.timeout).GET().build();
		try {
			int status = this.client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			return (status >= 200 && status < 300) ? AppHealth.UP : AppHealth.DOWN;
		}
		catch (IOException ex) {
			return AppHealth.DOWN;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return AppHealth.DOWN;
		}
	}

	public String describe() {
		return (this.url != null) ? this.url + " (timeout " + this.timeout.toMillis() + " ms)" : "none configured";
	}

}

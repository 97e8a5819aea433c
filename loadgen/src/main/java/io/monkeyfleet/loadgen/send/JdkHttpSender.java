package io.monkeyfleet.loadgen.send;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.monkeyfleet.loadgen.mix.PlannedRequest;

/**
 * Sends well-formed requests with the JDK's HTTP client (HTTP/1.1, connections kept alive
 * and opened as needed, so a stalled server costs new connections, not a stalled
 * schedule).
 */
public final class JdkHttpSender implements Sender {

	/** Headers the JDK client sets itself and refuses from a caller. */
	private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

	private final URI base;

	private final Duration timeout;

	private final AnsweredBy answeredBy;

	private final ExecutorService executor;

	private final HttpClient client;

	public JdkHttpSender(URI base, Duration connectTimeout, Duration timeout, AnsweredBy answeredBy) {
		this.base = base;
		this.timeout = timeout;
		this.answeredBy = answeredBy;
		this.executor = Executors.newFixedThreadPool(4, (task) -> {
			Thread thread = new Thread(task, "loadgen-http");
			thread.setDaemon(true);
			return thread;
		});
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.executor(this.executor)
			.build();
	}

	@Override
	public CompletableFuture<Answer> send(PlannedRequest request) {
		HttpRequest http;
		try {
			HttpRequest.Builder builder = HttpRequest.newBuilder(this.base.resolve(request.target()))
				.timeout(this.timeout)
				.method(request.method(), request.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
						: HttpRequest.BodyPublishers.ofString(request.body()));
			for (PlannedRequest.Header header : request.headers()) {
				if (header.value() != null && !RESTRICTED.contains(header.name().toLowerCase(Locale.ROOT))) {
					builder.header(header.name(), header.value());
				}
			}
			http = builder.build();
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.completedFuture(Answer.none("not sendable: " + ex.getMessage()));
		}
		try {
			return this.client.sendAsync(http, HttpResponse.BodyHandlers.ofString())
				.handle((response, error) -> (error != null) ? Answer.none(Failures.describe(error))
						: Answer.of(response.statusCode(), this.answeredBy.in(response.body())));
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			return CompletableFuture.completedFuture(Answer.none("client closed"));
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}

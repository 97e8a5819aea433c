package io.monkeyfleet.monkey.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steady traffic through the gateway for end-to-end tests: {@code GET /} at a fixed rate,
 * each request sent when it is due whether or not earlier ones have answered, counting
 * failures and which nodes answered (the sample app names itself).
 */
final class GatewayLoad implements AutoCloseable {

	private static final Pattern NODE = Pattern.compile("\"node\":\"([^\"]+)\"");

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final URI uri;

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong answered = new AtomicLong();

	private final List<String> failures = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicLong> byNode = new ConcurrentHashMap<>();

	GatewayLoad(int gatewayPort, int requestsPerSecond) {
		this.uri = URI.create("http://127.0.0.1:" + gatewayPort + "/");
		this.scheduler.scheduleAtFixedRate(this::send, 0, 1_000_000 / requestsPerSecond, TimeUnit.MICROSECONDS);
	}

	private void send() {
		this.sent.incrementAndGet();
		HttpRequest request = HttpRequest.newBuilder(this.uri).timeout(Duration.ofSeconds(10)).GET().build();
		this.client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
			this.answered.incrementAndGet();
			if (error != null) {
				this.failures.add(java.time.LocalTime.now() + " " + error);
			}
			else if (response.statusCode() != 200) {
				this.failures.add(java.time.LocalTime.now() + " " + response.statusCode() + " " + response.body());
			}
			else {
				Matcher node = NODE.matcher(response.body());
				if (node.find()) {
					this.byNode.computeIfAbsent(node.group(1), (id) -> new AtomicLong()).incrementAndGet();
				}
			}
		});
	}

	long sent() {
		return this.sent.get();
	}

	List<String> failures() {
		return List.copyOf(this.failures);
	}

	/** The nodes that answered at least {@code atLeast} requests. */
	Set<String> nodesServing(long atLeast) {
		return this.byNode.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().get() >= atLeast)
			.map(Map.Entry::getKey)
			.collect(java.util.stream.Collectors.toSet());
	}

	long answeredBy(String node) {
		AtomicLong count = this.byNode.get(node);
		return (count != null) ? count.get() : 0;
	}

	/** Stops sending and waits for the answers to requests already sent. */
	@Override
	public void close() {
		this.scheduler.shutdownNow();
		org.awaitility.Awaitility.await("answers to the requests sent")
			.atMost(Duration.ofSeconds(15))
			.until(() -> this.answered.get() >= this.sent.get());
	}

}

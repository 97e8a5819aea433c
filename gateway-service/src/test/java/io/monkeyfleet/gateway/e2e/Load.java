package io.monkeyfleet.gateway.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Bounded HTTP load for tests: a few client threads, each sending one request after the
 * other with a pause between them, for a fixed time at most. Records when each request
 * was sent and answered, its status and which node answered.
 */
final class Load implements AutoCloseable {

	private static final Pattern NODE = Pattern.compile("\"node\":\"([^\"]+)\"");

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean stop = new AtomicBoolean();

	private final CountDownLatch finished;

	private final List<Thread> threads = new ArrayList<>();

	/** One request's fate; {@code status} is -1 when it got no HTTP answer at all. */
	record Sample(long sentNanos, long answeredNanos, int status, String node, String body) {

		boolean failed() {
			return this.status != 200;
		}

	}

	private Load(int threads) {
		this.finished = new CountDownLatch(threads);
	}

	/**
	 * Starts {@code threads} clients sending requests to the URL {@code target} gives for
	 * each thread, each pausing {@code pause} between requests, for {@code duration} at
	 * most.
	 */
	static Load start(int threads, Duration duration, Duration pause, Function<Integer, String> target) {
		Load load = new Load(threads);
		long deadline = System.nanoTime() + duration.toNanos();
		for (int i = 0; i < threads; i++) {
			String url = target.apply(i);
			Thread thread = new Thread(() -> load.loop(url, deadline, pause), "load-" + i);
			thread.setDaemon(true);
			load.threads.add(thread);
			thread.start();
		}
		return load;
	}

	private void loop(String url, long deadline, Duration pause) {
		try {
			HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).GET().build();
			while (!this.stop.get() && System.nanoTime() < deadline) {
				long sent = System.nanoTime();
				int status;
				String body;
				try {
					HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
					status = response.statusCode();
					body = response.body();
				}
				catch (Exception ex) {
					status = -1;
					body = ex.toString();
				}
				Matcher matcher = NODE.matcher(body);
				this.samples
					.add(new Sample(sent, System.nanoTime(), status, matcher.find() ? matcher.group(1) : null, body));
				if (!pause.isZero()) {
					TimeUnit.NANOSECONDS.sleep(pause.toNanos());
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.finished.countDown();
		}
	}

	/** Waits for every client to finish its time (or stops them after a minute). */
	List<Sample> await() throws InterruptedException {
		if (!this.finished.await(60, TimeUnit.SECONDS)) {
			this.stop.set(true);
			this.finished.await(20, TimeUnit.SECONDS);
		}
		return samples();
	}

	List<Sample> samples() {
		return List.copyOf(this.samples);
	}

	int count() {
		return this.samples.size();
	}

	static List<Sample> failures(List<Sample> samples) {
		return samples.stream().filter(Sample::failed).toList();
	}

	static Map<String, Long> byNode(List<Sample> samples) {
		return samples.stream()
			.filter((sample) -> sample.node() != null)
			.collect(Collectors.groupingBy(Sample::node, TreeMap::new, Collectors.counting()));
	}

	@Override
	public void close() {
		this.stop.set(true);
	}

}

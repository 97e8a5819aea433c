package io.monkeyfleet.gateway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.monkeyfleet.gateway.snapshot.SnapshotHolder;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The direct path answers exactly as Spring Cloud Gateway does. Each request is sent
 * twice, to a route the direct path serves ({@code /d/**}) and to one it leaves to the
 * framework ({@code /f/**}: the same pool and prefix, plus a filter that changes
 * nothing), and the node must see the same request and the client the same answer. The
 * server's own {@code http.server.requests} meter, which only the framework's path
 * records, shows which path served each.
 */
class DirectPathIT {

	private static final RouteFilter STRIP = new RouteFilter("StripPrefix", Map.of("parts", "1"));

	/** Changes nothing, and makes the route the framework's. */
	private static final RouteFilter NO_OP = new RouteFilter("RemoveRequestHeader", Map.of("name", "X-Never-Sent"));

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	@TempDir
	static Path folder;

	private static TestFleet fleet;

	private static GatewayInstance gateway;

	private static RecordingNode node;

	@BeforeAll
	static void start() throws Exception {
		node = new RecordingNode();
		fleet = new TestFleet(redis);
		fleet.pool("rec");
		fleet.addActiveNode("rec-1", "rec", "127.0.0.1", node.port(), 10);
		fleet.route("direct", "rec", "/d/**", STRIP);
		fleet.route("framework", "rec", "/f/**", STRIP, NO_OP);
		// A pool whose only node listens nowhere: every attempt is refused.
		int closed;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closed = socket.getLocalPort();
		}
		fleet.pool("dead");
		fleet.addActiveNode("dead-1", "dead", "127.0.0.1", closed, 10);
		fleet.route("dead-direct", "dead", "/dd/**", STRIP);
		fleet.route("dead-framework", "dead", "/df/**", STRIP, NO_OP);
		gateway = GatewayInstance.start(redis, "gw-direct", folder.resolve("snapshot.json"), Map.of());
		await("routes loaded").atMost(Duration.ofSeconds(30))
			.ignoreExceptions()
			.until(() -> gateway.bean(SnapshotHolder.class).current().map((view) -> view.routes().size()).orElse(0) == 4
					&& raw("GET /f/ HTTP/1.1\r\n\r\n").status == 200);
		node.forget();
	}

	@AfterAll
	static void stop() throws Exception {
		if (gateway != null) {
			gateway.close();
		}
		if (fleet != null) {
			fleet.close();
		}
		node.close();
	}

	@Test
	void theNodeSeesTheSameRequestAndTheClientTheSameAnswerEitherWay() throws Exception {
		String headers = "User-Agent: direct-path-test\r\nAccept: text/plain\r\nX-Keep: yes\r\nX-Keep: twice\r\n"
				+ "Connection: keep-alive, X-Hop\r\nX-Hop: dropped\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
				+ "X-Forwarded-For: 203.0.113.9\r\nForwarded: for=203.0.113.9\r\nIdempotency-Key: k1\r\n\r\n";

		long framework = frameworkRequests();
		Answer direct = raw("GET /d/a/b%20c/?q=1%202&r HTTP/1.1\r\n" + headers);
		Received toNodeDirect = node.next();
		assertThat(frameworkRequests()).as("served by the direct path").isEqualTo(framework);
		Answer viaFramework = raw("GET /f/a/b%20c/?q=1%202&r HTTP/1.1\r\n" + headers);
		Received toNodeFramework = node.next();
		assertThat(frameworkRequests()).as("served by Spring Cloud Gateway").isEqualTo(framework + 1);

		assertThat(toNodeDirect.requestLine).isEqualTo("GET /a/b%20c/?q=1%202&r HTTP/1.1");
		assertThat(toNodeDirect).isEqualTo(toNodeFramework);
		assertThat(toNodeDirect.headers).containsEntry("x-keep", List.of("yes", "twice"))
			.doesNotContainKeys("x-hop", "keep-alive", "te", "x-forwarded-for", "forwarded");
		assertThat(direct.status).isEqualTo(200);
		assertThat(direct.withoutDate()).isEqualTo(viaFramework.withoutDate());
		assertThat(direct.headers).containsEntry("x-node", List.of("rec-1"))
			.doesNotContainKeys("x-secret", "keep-alive");
		assertThat(direct.body).isEqualTo("{\"seen\":\"/a/b%20c/\"}");
	}

	@Test
	void aRequestWithNoHeadersOfItsOwnReachesTheNodeTheSameWay() throws Exception {
		raw("GET /d/plain HTTP/1.1\r\n\r\n");
		Received toNodeDirect = node.next();
		raw("GET /f/plain HTTP/1.1\r\n\r\n");

		assertThat(toNodeDirect).isEqualTo(node.next());
	}

	@Test
	void passesOnHeadAnswersAndChunkedBodiesAsTheFrameworkDoes() throws Exception {
		long framework = frameworkRequests();
		Answer headDirect = raw("HEAD /d/x HTTP/1.1\r\n\r\n");
		node.next();
		Answer chunkedDirect = raw("GET /d/chunked HTTP/1.1\r\n\r\n");
		node.next();
		assertThat(frameworkRequests()).as("served by the direct path").isEqualTo(framework);
		Answer headFramework = raw("HEAD /f/x HTTP/1.1\r\n\r\n");
		node.next();
		Answer chunkedFramework = raw("GET /f/chunked HTTP/1.1\r\n\r\n");
		node.next();

		assertThat(headDirect.withoutDate()).isEqualTo(headFramework.withoutDate());
		assertThat(headDirect.headers).containsEntry("content-length", List.of("13"));
		assertThat(chunkedDirect.withoutDate()).isEqualTo(chunkedFramework.withoutDate());
		assertThat(chunkedDirect.headers).containsEntry("transfer-encoding", List.of("chunked"));
		assertThat(chunkedDirect.body).isEqualTo("part one, part two");
	}

	@Test
	void answersAFailureWithTheSameProblemAsTheFramework() throws Exception {
		long framework = frameworkRequests();
		Answer direct = raw("GET /dd/x HTTP/1.1\r\n\r\n");
		assertThat(frameworkRequests()).as("served by the direct path").isEqualTo(framework);
		Answer viaFramework = raw("GET /df/x HTTP/1.1\r\n\r\n");

		assertThat(direct.status).isEqualTo(502);
		assertThat(direct.headers).containsEntry("content-type", List.of("application/problem+json"));
		assertThat(direct.body).isEqualTo(viaFramework.body.replace("/df/x", "/dd/x"))
			.contains("No node of pool 'dead' could be reached for this request");
		assertThat(direct.withoutDate().headers).isEqualTo(viaFramework.withoutDate().headers);
	}

	@Test
	void leavesARequestWithABodyToTheFramework() throws Exception {
		long framework = frameworkRequests();
		Answer answer = raw("PUT /d/items/1 HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");

		assertThat(answer.status).isEqualTo(200);
		assertThat(node.next().body).isEqualTo("hello");
		assertThat(frameworkRequests()).isEqualTo(framework + 1);
	}

	/** Requests the framework's path served: it alone records the server observation. */
	private static long frameworkRequests() {
		// The meter is recorded as the exchange ends, a moment after the answer.
		long[] count = new long[1];
		await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> {
			long now = gateway.bean(MeterRegistry.class)
				.find("http.server.requests")
				.timers()
				.stream()
				.mapToLong(Timer::count)
				.sum();
			boolean steady = now == count[0];
			count[0] = now;
			return steady;
		});
		return count[0];
	}

	/** One request on its own connection, written as is; the answer read whole. */
	private static Answer raw(String request) throws IOException {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), gateway.port()), 5000);
			socket.setSoTimeout(10_000);
			String withHost = request.replaceFirst("\r\n", "\r\nHost: 127.0.0.1:" + gateway.port() + "\r\n");
			socket.getOutputStream().write(withHost.getBytes(StandardCharsets.ISO_8859_1));
			InputStream in = socket.getInputStream();
			String head = readHead(in);
			Answer answer = Answer.parse(head);
			if (request.startsWith("HEAD ")) {
				return answer;
			}
			if (answer.headers.containsKey("transfer-encoding")) {
				return new Answer(answer.status, answer.headers, readChunks(in));
			}
			List<String> length = answer.headers.getOrDefault("content-length", List.of("0"));
			byte[] body = in.readNBytes(Integer.parseInt(length.get(0)));
			return new Answer(answer.status, answer.headers, new String(body, StandardCharsets.UTF_8));
		}
	}

	/** A chunked body (RFC 9112 section 7.1), without extensions or trailers. */
	private static String readChunks(InputStream in) throws IOException {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		while (true) {
			String size = readLine(in);
			int length = Integer.parseInt(size.trim(), 16);
			if (length == 0) {
				readLine(in);
				return body.toString(StandardCharsets.UTF_8);
			}
			body.write(in.readNBytes(length));
			readLine(in);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		for (int next = in.read(); next >= 0; next = in.read()) {
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.US_ASCII);
			}
			line.write(next);
			previous = next;
		}
		throw new IOException("connection closed in a chunked body");
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		while (matched < end.length) {
			int next = in.read();
			if (next < 0) {
				throw new IOException("connection closed in the head: " + head);
			}
			head.write(next);
			matched = (next == end[matched]) ? matched + 1 : ((next == end[0]) ? 1 : 0);
		}
		return head.toString(StandardCharsets.ISO_8859_1);
	}

	/** Header fields by lower-case name, values in order. */
	private static Map<String, List<String>> headerFields(String[] lines, int from) {
		Map<String, List<String>> headers = new TreeMap<>();
		for (int i = from; i < lines.length; i++) {
			if (lines[i].isEmpty()) {
				continue;
			}
			int colon = lines[i].indexOf(':');
			headers
				.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), (k) -> new ArrayList<>())
				.add(lines[i].substring(colon + 1).trim());
		}
		return headers;
	}

	private record Answer(int status, Map<String, List<String>> headers, String body) {

		static Answer parse(String head) {
			String[] lines = head.split("\r\n");
			return new Answer(Integer.parseInt(lines[0].split(" ")[1]), DirectPathIT.headerFields(lines, 1), "");
		}

		Answer withoutDate() {
			Map<String, List<String>> rest = new TreeMap<>(this.headers);
			rest.remove("date");
			return new Answer(this.status, rest, this.body);
		}

	}

	private record Received(String requestLine, Map<String, List<String>> headers, String body) {

	}

	/**
	 * A node that records each request it gets and answers with headers a proxy must drop
	 * ({@code Keep-Alive}, and one its {@code Connection} header names) and one it must
	 * pass on.
	 */
	private static final class RecordingNode implements AutoCloseable {

		private final HttpServer server;

		private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

		RecordingNode() throws IOException {
			this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			this.server.createContext("/", (exchange) -> {
				Map<String, List<String>> headers = new TreeMap<>();
				exchange.getRequestHeaders()
					.forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				this.received.add(new Received(exchange.getRequestMethod() + " " + exchange.getRequestURI().toString()
						+ " " + exchange.getProtocol(), headers, body));
				byte[] answer = ("{\"seen\":\"" + exchange.getRequestURI().getRawPath() + "\"}")
					.getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.getResponseHeaders().add("X-Node", "rec-1");
				exchange.getResponseHeaders().add("Keep-Alive", "timeout=30");
				exchange.getResponseHeaders().add("Connection", "X-Secret");
				exchange.getResponseHeaders().add("X-Secret", "hop-by-hop");
				if (exchange.getRequestURI().getPath().equals("/chunked")) {
					// No length: the JDK's server sends it in chunks, two here.
					exchange.sendResponseHeaders(200, 0);
					try (OutputStream out = exchange.getResponseBody()) {
						out.write("part one, ".getBytes(StandardCharsets.UTF_8));
						out.flush();
						out.write("part two".getBytes(StandardCharsets.UTF_8));
					}
					return;
				}
				if (exchange.getRequestMethod().equals("HEAD")) {
					// The length the GET would have, and no body.
					exchange.getResponseHeaders().set("Content-Length", Integer.toString(answer.length));
				}
				exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : answer.length);
				try (OutputStream out = exchange.getResponseBody()) {
					if (!exchange.getRequestMethod().equals("HEAD")) {
						out.write(answer);
					}
				}
			});
			this.server.start();
		}

		/** Forgets the requests received so far. */
		void forget() {
			this.received.clear();
		}

		int port() {
			return this.server.getAddress().getPort();
		}

		Received next() throws InterruptedException {
			Received next = this.received.poll(10, TimeUnit.SECONDS);
			assertThat(next).as("a request reached the node").isNotNull();
			return next;
		}

		@Override
		public void close() {
			this.server.stop(0);
		}

	}

}

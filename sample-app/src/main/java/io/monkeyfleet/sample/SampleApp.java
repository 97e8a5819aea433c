package io.monkeyfleet.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The stand-in for the user's service.
 *
 * <ul>
 * <li>{@code GET /}: which node answered.</li>
 * <li>{@code GET /work?ms=N&cpu=true|false}: sleeps, or burns one core, for N ms (at most
 * 60000).</li>
 * <li>{@code GET /health}: {@code {"status":"UP"}}.</li>
 * <li>Only with {@code --chaos=true}: {@code POST /chaos/cpu?cores=K&seconds=S} (the
 * original scripts' {@code stress -c}), {@code POST /chaos/memory?percent=P},
 * {@code POST /chaos/hang?seconds=S} (0 = until the process ends),
 * {@code POST /chaos/reset}.</li>
 * </ul>
 * Bad input answers {@code 400} with an RFC 9457 problem body.
 */
public final class SampleApp implements AutoCloseable {

	private static final int MAX_WORK_MS = 60_000;

	/** The longest request body read (and dropped) before answering. */
	private static final long MAX_BODY = 16L * 1024 * 1024;

	static {
		// The JDK's server leaves Nagle's algorithm on, which holds small responses back
		// ~40 ms:
		// a stand-in service with that latency would distort every test and benchmark.
		if (System.getProperty("sun.net.httpserver.nodelay") == null) {
			System.setProperty("sun.net.httpserver.nodelay", "true");
		}
	}

	private final SampleAppSettings settings;

	private final HttpServer server;

	private final ExecutorService requestThreads;

	private final Chaos chaos = new Chaos();

	private SampleApp(SampleAppSettings settings) throws IOException {
		this.settings = settings;
		this.server = HttpServer.create(new InetSocketAddress(settings.bindAddress(), settings.port()), 256);
		this.requestThreads = Executors.newFixedThreadPool(settings.threads());
		this.server.setExecutor(this.requestThreads);
		this.server.createContext("/", this::handle);
	}

	public static void main(String[] args) {
		SampleAppSettings settings;
		try {
			settings = SampleAppSettings.parse(args, System.getenv());
		}
		catch (IllegalArgumentException ex) {
			System.err.println("sample-app cannot start: " + ex.getMessage());
			System.exit(2);
			return;
		}
		try {
			SampleApp app = start(settings);
			Runtime.getRuntime().addShutdownHook(new Thread(app::close, "sample-app-shutdown"));
			System.out.println("sample-app " + settings.nodeId() + " listening on " + settings.bindAddress() + ":"
					+ app.port() + (settings.chaosEnabled() ? " (chaos endpoints on)" : ""));
		}
		catch (UncheckedIOException ex) {
			System.err.println("sample-app cannot start: " + ex.getCause().getMessage());
			System.exit(1);
		}
	}

	static SampleApp start(SampleAppSettings settings) {
		try {
			SampleApp app = new SampleApp(settings);
			app.server.start();
			writeAtomically(settings.portFile(), String.valueOf(app.port()));
			writeAtomically(settings.pidFile(), String.valueOf(ProcessHandle.current().pid()));
			return app;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not listen on " + settings.bindAddress() + ":" + settings.port(), ex);
		}
	}

	/** Writes whole or not at all: a reader never sees half a number. */
	private static void writeAtomically(Path file, String content) throws IOException {
		if (file != null) {
			Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
			Files.writeString(temporary, content);
			Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	public int port() {
		return this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.requestThreads.shutdownNow();
		this.chaos.reset();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try {
			this.chaos.awaitIfHung();
			readWholeBody(exchange);
			echoTraceContext(exchange);
			String path = exchange.getRequestURI().getPath();
			Map<String, String> query = query(exchange.getRequestURI());
			if (path.startsWith("/chaos/")) {
				chaos(exchange, path, query);
				return;
			}
			requireMethod(exchange, "GET");
			switch (path) {
				case "/" -> json(exchange, 200, "{\"node\":\"" + this.settings.nodeId() + "\"}");
				case "/health" -> json(exchange, 200, "{\"status\":\"UP\"}");
				case "/work" -> work(exchange, query);
				default -> throw new HttpProblem(404, "Not Found", "no such path: " + path);
			}
		}
		catch (HttpProblem problem) {
			problem(exchange, problem);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			exchange.close();
		}
	}

	/**
	 * Reads (and drops) the request's body before answering: no path uses one, but a
	 * server that answers while a body is still arriving and then closes the connection
	 * resets it, and the client (the gateway) may lose the answer with the rest of its
	 * upload: a 5 MB POST to {@code /} got a 502 from the gateway instead of this app's
	 * 405. Longer bodies than {@link #MAX_BODY} are refused with a 413.
	 */
	private static void readWholeBody(HttpExchange exchange) throws IOException {
		InputStream body = exchange.getRequestBody();
		long read = 0;
		byte[] buffer = new byte[64 * 1024];
		for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
			read += n;
			if (read > MAX_BODY) {
				throw new HttpProblem(413, "Content Too Large",
						"request bodies are read up to " + (MAX_BODY >> 20) + " MiB; this one is longer");
			}
		}
	}

	/**
	 * A plain server has no tracer: it hands the W3C trace context it received back as
	 * {@code X-Received-Traceparent}, so one request can be followed from the gateway's
	 * trace into this node.
	 */
	private static void echoTraceContext(HttpExchange exchange) {
		String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
		if (traceparent != null) {
			exchange.getResponseHeaders().set("X-Received-Traceparent", traceparent);
		}
	}

	private void work(HttpExchange exchange, Map<String, String> query) throws IOException {
		int ms = intParam(query, "ms", 0, 0, MAX_WORK_MS);
		boolean cpu = boolParam(query, "cpu", false);
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
		if (cpu) {
			long sink = 0;
			while (System.nanoTime() < deadline) {
				sink += sink ^ deadline;
			}
			exchange.getResponseHeaders().add("X-Work-Sink", Long.toString(sink & 1));
		}
		else {
			try {
				TimeUnit.NANOSECONDS.sleep(Math.max(0, deadline - System.nanoTime()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		json(exchange, 200, "{\"node\":\"" + this.settings.nodeId() + "\",\"ms\":" + ms + ",\"cpu\":" + cpu + "}");
	}

	private void chaos(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
		if (!this.settings.chaosEnabled()) {
			throw new HttpProblem(404, "Not Found", "chaos endpoints are off; start the app with --chaos=true");
		}
		requireMethod(exchange, "POST");
		switch (path) {
			case "/chaos/cpu" -> {
				int cores = intParam(query, "cores", 1, 1, 64);
				int seconds = intParam(query, "seconds", 30, 1, 3600);
				this.chaos.burnCpu(cores, seconds);
				json(exchange, 202, "{\"burning\":" + cores + ",\"seconds\":" + seconds + "}");
			}
			case "/chaos/memory" -> {
				int percent = intParam(query, "percent", 80, 1, 95);
				json(exchange, 202, "{\"heldBytes\":" + this.chaos.fillMemory(percent) + "}");
			}
			case "/chaos/hang" -> {
				int seconds = intParam(query, "seconds", 0, 0, 86_400);
				json(exchange, 202, "{\"hangingSeconds\":" + seconds + "}");
				this.chaos.hang(seconds);
			}
			case "/chaos/reset" -> {
				this.chaos.reset();
				json(exchange, 200, "{\"reset\":true}");
			}
			default -> throw new HttpProblem(404, "Not Found", "no such chaos action: " + path);
		}
	}

	private static void requireMethod(HttpExchange exchange, String method) {
		if (!exchange.getRequestMethod().equals(method)) {
			exchange.getResponseHeaders().add("Allow", method);
			throw new HttpProblem(405, "Method Not Allowed",
					exchange.getRequestMethod() + " is not allowed here; use " + method);
		}
	}

	private static int intParam(Map<String, String> query, String name, int fallback, int min, int max) {
		String value = query.get(name);
		if (value == null) {
			return fallback;
		}
		try {
			int number = Integer.parseInt(value);
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below with the range, which says more than the parse error.
		}
		throw new HttpProblem(400, "Bad Request",
				"query parameter '" + name + "' must be a whole number from " + min + " to " + max);
	}

	private static boolean boolParam(Map<String, String> query, String name, boolean fallback) {
		String value = query.getOrDefault(name, String.valueOf(fallback));
		if (!value.equals("true") && !value.equals("false")) {
			throw new HttpProblem(400, "Bad Request", "query parameter '" + name + "' must be true or false");
		}
		return Boolean.parseBoolean(value);
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> values = new HashMap<>();
		String raw = uri.getQuery();
		if (raw == null || raw.isEmpty()) {
			return values;
		}
		for (String pair : raw.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				values.put(pair.substring(0, equals), pair.substring(equals + 1));
			}
			else if (!pair.isEmpty()) {
				values.put(pair, "");
			}
		}
		return values;
	}

	private static void json(HttpExchange exchange, int status, String body) throws IOException {
		send(exchange, status, "application/json", body);
	}

	private static void problem(HttpExchange exchange, HttpProblem problem) throws IOException {
		String detail = problem.getMessage().replace("\\", "\\\\").replace("\"", "\\\"");
		send(exchange, problem.status, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\""
				+ problem.title + "\",\"status\":" + problem.status + ",\"detail\":\"" + detail + "\"}");
	}

	private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", contentType);
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/** An HTTP error with its status, reported as a problem body. */
	private static final class HttpProblem extends RuntimeException {

		private final int status;

		private final String title;

		HttpProblem(int status, String title, String detail) {
			super(detail);
			this.status = status;
			this.title = title;
		}

	}

}

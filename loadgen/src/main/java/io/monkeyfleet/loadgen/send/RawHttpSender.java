package io.monkeyfleet.loadgen.send;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.monkeyfleet.loadgen.mix.PlannedRequest;

/**
 * Sends a request as raw bytes over a new connection ({@code Connection: close}), exactly
 * as planned: the only way to send a malformed request, which a proper HTTP client
 * refuses to build. Reads the answer's status line and, for a node's name, up to 8 KiB of
 * the rest.
 */
public final class RawHttpSender implements Sender {

	private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})");

	private static final int READ_LIMIT = 8 * 1024;

	private final String host;

	private final int port;

	private final Duration connectTimeout;

	private final Duration timeout;

	private final AnsweredBy answeredBy;

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "loadgen-raw");
		thread.setDaemon(true);
		return thread;
	});

	public RawHttpSender(URI base, Duration connectTimeout, Duration timeout, AnsweredBy answeredBy) {
		if (!"http".equals(base.getScheme())) {
			throw new IllegalArgumentException("malformed requests are sent over plain http only, not " + base);
		}
		this.host = base.getHost();
		this.port = (base.getPort() > 0) ? base.getPort() : 80;
		this.connectTimeout = connectTimeout;
		this.timeout = timeout;
		this.answeredBy = answeredBy;
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

	@Override
	public CompletableFuture<Answer> send(PlannedRequest request) {
		try {
			return CompletableFuture.supplyAsync(() -> exchange(request), this.executor);
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			return CompletableFuture.completedFuture(Answer.none("client closed"));
		}
	}

	/** The bytes sent for {@code request}. */
	byte[] bytes(PlannedRequest request) {
		StringBuilder head = new StringBuilder();
		head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
		head.append("Host: ").append(this.host).append(':').append(this.port).append("\r\n");
		boolean hasLength = false;
		for (PlannedRequest.Header header : request.headers()) {
			if (header.value() == null) {
				head.append(header.name()).append("\r\n");
			}
			else {
				head.append(header.name()).append(": ").append(header.value()).append("\r\n");
				hasLength |= header.name().toLowerCase(Locale.ROOT).equals("content-length");
			}
		}
		byte[] body = request.body().getBytes(StandardCharsets.UTF_8);
		if (!hasLength && body.length > 0) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		head.append("Connection: close\r\n\r\n");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
		bytes.writeBytes(body);
		return bytes.toByteArray();
	}

	private Answer exchange(PlannedRequest request) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.host, this.port), (int) this.connectTimeout.toMillis());
			socket.setSoTimeout((int) this.timeout.toMillis());
			OutputStream out = socket.getOutputStream();
			try {
				out.write(bytes(request));
				out.flush();
			}
			catch (IOException ex) {
				// A server may answer and close before reading an oversized request
				// whole:
				// the answer is still there to read.
			}
			String answer = readSome(socket.getInputStream());
			Matcher status = STATUS_LINE.matcher(answer);
			if (!status.lookingAt()) {
				return Answer.none(answer.isEmpty() ? "closed: no answer" : "closed: not an HTTP answer");
			}
			int body = answer.indexOf("\r\n\r\n");
			return Answer.of(Integer.parseInt(status.group(1)),
					(body < 0) ? null : this.answeredBy.in(answer.substring(body + 4)));
		}
		catch (IOException ex) {
			return Answer.none(Failures.describe(ex));
		}
	}

	private static String readSome(InputStream in) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		byte[] buffer = new byte[2048];
		try {
			int n;
			while (read.size() < READ_LIMIT && (n = in.read(buffer)) > 0) {
				read.write(buffer, 0, n);
			}
		}
		catch (IOException ex) {
			// A reset after the answer (the server closed on unread request bytes) keeps
			// what was read; with nothing read it is the failure.
			if (read.size() == 0) {
				throw ex;
			}
		}
		return read.toString(StandardCharsets.ISO_8859_1);
	}

}

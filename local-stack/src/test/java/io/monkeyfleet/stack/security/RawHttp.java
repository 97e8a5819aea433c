package io.monkeyfleet.stack.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request a connection: the request is written byte for
 * byte as given, so it can be what no HTTP client library lets through (CR or LF in a
 * header, a broken request line, a lying Content-Length, headers of any size).
 */
final class RawHttp {

	private static final int MAX_ANSWER = 2 * 1024 * 1024;

	/**
	 * Whole answers of the JDK's HTTP server (the sample app's) to a request line it
	 * cannot parse, sent before any application code runs: a fixed text that names the
	 * exception type but carries no stack trace and nothing of the request, the same on
	 * every JDK since 6 ({@code sun.net.httpserver.ServerImpl}). Only these exact bodies
	 * are let through: an application answer that names an exception is still a leak.
	 */
	private static final java.util.Set<String> JDK_SERVER_REFUSALS = java.util.Set
		.of("<h1>400 Bad Request</h1>URISyntaxException thrown");

	private RawHttp() {
	}

	/**
	 * What came back: the status (0 when the server closed the connection without an
	 * answer, which is a refusal, not an error), headers by lower-case name, the body as
	 * text.
	 */
	record Answer(int status, Map<String, String> headers, String body) {

		String contentType() {
			return this.headers.getOrDefault("content-type", "");
		}

		boolean isProblem() {
			return contentType().toLowerCase(Locale.ROOT).startsWith("application/problem+json");
		}

		/** A stack trace or an implementation's name shown to the caller. */
		boolean leaks() {
			if (JDK_SERVER_REFUSALS.contains(this.body)) {
				return false;
			}
			return this.body.contains("\tat ") || this.body.contains("Exception") || this.body.contains("java.")
					|| this.body.contains("springframework") || this.body.contains("tools.jackson")
					|| this.body.contains("reactor.");
		}

	}

	/**
	 * A request built from its parts; {@code Host} and {@code Connection: close} added.
	 */
	static Answer send(int port, String method, String target, List<String> headers, byte[] body) {
		StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
		head.append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
		for (String header : headers) {
			head.append(header).append("\r\n");
		}
		if (body != null) {
			head.append("Content-Length: ").append(body.length).append("\r\n");
		}
		head.append("\r\n");
		byte[] start = head.toString().getBytes(StandardCharsets.UTF_8);
		if (body == null) {
			return exchange(port, start, null);
		}
		return exchange(port, start, body);
	}

	/** Writes {@code request} (then {@code body}) as is and reads the answer. */
	static Answer exchange(int port, byte[] request, byte[] body) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
			socket.setSoTimeout(15_000);
			try {
				OutputStream out = socket.getOutputStream();
				out.write(request);
				if (body != null) {
					out.write(body);
				}
				out.flush();
			}
			catch (IOException ex) {
				// The server answered (and closed) before reading everything: read what
				// it said.
			}
			return parse(readAll(socket.getInputStream()));
		}
		catch (IOException ex) {
			return new Answer(0, Map.of(), "connection closed: " + ex.getMessage());
		}
	}

	private static byte[] readAll(InputStream in) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			int read;
			while ((read = in.read(buffer)) != -1 && bytes.size() < MAX_ANSWER) {
				bytes.write(buffer, 0, read);
			}
		}
		catch (IOException ex) {
			// A reset after the answer: keep what came.
			if (bytes.size() == 0) {
				throw ex;
			}
		}
		return bytes.toByteArray();
	}

	private static Answer parse(byte[] raw) {
		String text = new String(raw, StandardCharsets.UTF_8);
		if (!text.startsWith("HTTP/")) {
			return new Answer(0, Map.of(), text);
		}
		int headEnd = text.indexOf("\r\n\r\n");
		String head = (headEnd < 0) ? text : text.substring(0, headEnd);
		String body = (headEnd < 0) ? "" : text.substring(headEnd + 4);
		String[] lines = head.split("\r\n");
		String[] statusLine = lines[0].split(" ", 3);
		int status = Integer.parseInt(statusLine[1].trim());
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			if (colon > 0) {
				headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
						lines[i].substring(colon + 1).trim());
			}
		}
		return new Answer(status, headers, body);
	}

}

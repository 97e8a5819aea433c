package io.monkeyfleet.deploy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A bare Redis connection speaking RESP2, for checking what a user may and may not do: no
 * client library in between that could retry, pipeline or hide an error reply.
 */
final class Resp implements AutoCloseable {

	private final Socket socket;

	private final InputStream in;

	private final OutputStream out;

	Resp(String host, int port) {
		try {
			this.socket = new Socket();
			this.socket.connect(new InetSocketAddress(host, port), 2000);
			this.socket.setSoTimeout(5000);
			this.in = new BufferedInputStream(this.socket.getInputStream());
			this.out = this.socket.getOutputStream();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Sends one command; the reply as text: {@code +OK}, {@code -NOPERM ...}, {@code :1},
	 * a bulk string's content, {@code (nil)}, or an array's elements joined by newlines.
	 */
	String call(String... words) {
		try {
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.write(("*" + words.length + "\r\n").getBytes(StandardCharsets.UTF_8));
			for (String word : words) {
				byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
				request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.UTF_8));
				request.write(bytes);
				request.write("\r\n".getBytes(StandardCharsets.UTF_8));
			}
			this.out.write(request.toByteArray());
			this.out.flush();
			return reply();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private String reply() throws IOException {
		String line = line();
		char kind = line.charAt(0);
		String rest = line.substring(1);
		switch (kind) {
			case '+', '-', ':':
				return line;
			case '$': {
				int length = Integer.parseInt(rest);
				if (length < 0) {
					return "(nil)";
				}
				byte[] data = this.in.readNBytes(length + 2);
				return new String(data, 0, length, StandardCharsets.UTF_8);
			}
			case '*': {
				int count = Integer.parseInt(rest);
				List<String> elements = new ArrayList<>();
				for (int i = 0; i < count; i++) {
					elements.add(reply());
				}
				return String.join("\n", elements);
			}
			default:
				throw new IllegalStateException("unexpected reply: " + line);
		}
	}

	private String line() throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int next = this.in.read();
			if (next < 0) {
				throw new IOException("connection closed");
			}
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(next);
			previous = next;
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// nothing left to release
		}
	}

}

package io.monkeyfleet.testsupport.redis;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.awaitility.Awaitility;

/** Readiness checks over a raw socket, so the test support needs no Redis client. */
final class RedisPing {

	private RedisPing() {
	}

	static boolean answers(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 200);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String reply = new String(socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII);
			// "+PONG" when open; "-NOAUTH" also proves the server is up when a password
			// is set.
			return reply.equals("+PONG") || reply.startsWith("-NOAU");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Waits until the server answers, or until {@code gaveUp} says it never will. */
	static void awaitAnswer(String host, int port, Duration atMost, java.util.function.BooleanSupplier gaveUp) {
		Awaitility.await("redis-server on " + host + ":" + port + " to answer PING")
			.atMost(atMost)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> gaveUp.getAsBoolean() || answers(host, port));
	}

}

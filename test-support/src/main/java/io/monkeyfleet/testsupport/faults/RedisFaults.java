package io.monkeyfleet.testsupport.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.monkeyfleet.testsupport.redis.RealRedis;

/**
 * Faults of a real Redis that a fault test injects: hung (every client's command waits,
 * connections stay open, as when the server is frozen or swapping), and flushed (every
 * key gone at once). A hang is {@code CLIENT PAUSE ... ALL}: the same effect on a
 * {@code redis-server} process and on a container, and lifted by {@code CLIENT UNPAUSE}
 * (Redis 6.2 and later) or by the pause's own end, so a test that dies mid-fault cannot
 * leave the server hung for the next one. Commands go over a raw socket, so the test
 * support needs no Redis client.
 */
public final class RedisFaults {

	private final RealRedis redis;

	/** When the last {@link #hang} ends by itself (nanoTime), for {@link #resume}. */
	private volatile long hungUntilNanos = System.nanoTime();

	public RedisFaults(RealRedis redis) {
		this.redis = redis;
	}

	/**
	 * Hangs every client's commands for at most {@code atMost}, or until {@link #resume}.
	 */
	public void hang(Duration atMost) {
		this.hungUntilNanos = System.nanoTime() + atMost.toNanos();
		expectOk(command("CLIENT", "PAUSE", Long.toString(atMost.toMillis()), "ALL"));
	}

	/**
	 * Lifts a {@link #hang}: the waiting commands run. Redis before 7.2 holds even
	 * {@code CLIENT UNPAUSE} while paused for {@code ALL}, so there this returns when the
	 * pause ends by itself: hang for exactly as long as the test wants the fault.
	 */
	public void resume() {
		long remainingMillis = Math.max(0, (this.hungUntilNanos - System.nanoTime()) / 1_000_000);
		expectOk(command(Duration.ofMillis(remainingMillis + 5000), "CLIENT", "UNPAUSE"));
	}

	/** Deletes every key of every database. */
	public void flushAll() {
		expectOk(command("FLUSHALL"));
	}

	/** Sends one command and returns the first line of the reply. */
	public String command(String... arguments) {
		return command(Duration.ofSeconds(5), arguments);
	}

	private String command(Duration readTimeout, String... arguments) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(this.redis.host(), this.redis.port()), 2000);
			socket.setSoTimeout((int) readTimeout.toMillis());
			OutputStream out = socket.getOutputStream();
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.writeBytes(("*" + arguments.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
			for (String argument : arguments) {
				byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
				request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
				request.writeBytes(bytes);
				request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			out.write(request.toByteArray());
			out.flush();
			return readLine(socket.getInputStream());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Redis at " + this.redis.host() + ":" + this.redis.port()
					+ " did not answer " + String.join(" ", arguments), ex);
		}
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		int current;
		while ((current = in.read()) >= 0) {
			if (previous == '\r' && current == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(current);
			previous = current;
		}
		throw new IOException("the connection closed before a reply");
	}

	private static void expectOk(String reply) {
		if (!"+OK".equals(reply)) {
			throw new IllegalStateException("Redis answered " + reply);
		}
	}

}

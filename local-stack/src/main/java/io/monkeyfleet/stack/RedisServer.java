package io.monkeyfleet.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.monkeyfleet.testsupport.redis.RedisExecutables;

/**
 * The stack's Redis: a {@code redis-server} process (the one on {@code PATH}, else the
 * one the embedded-redis artifact ships) on 127.0.0.1, with an append-only file in the
 * work folder, so that stopping and starting it again keeps the fleet's data, as a
 * production Redis would.
 */
public final class RedisServer {

	private final Path executable;

	private final int port;

	private final WorkFolder work;

	private volatile ManagedProcess process;

	private RedisServer(Path executable, int port, WorkFolder work) {
		this.executable = executable;
		this.port = port;
		this.work = work;
	}

	static RedisServer create(int port, WorkFolder work) {
		return new RedisServer(RedisExecutables.redisServer(work.tmp()), port, work);
	}

	public String host() {
		return "127.0.0.1";
	}

	public int port() {
		return this.port;
	}

	Path executable() {
		return this.executable;
	}

	/** Starts it (again) and returns at once; see {@link #answers()}. */
	public synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		this.process = ManagedProcess.start("redis",
				List.of(this.executable.toString(), "--port", Integer.toString(this.port), "--bind", host(), "--save",
						"", "--appendonly", "yes", "--appendfsync", "everysec", "--dir", this.work.redis().toString()),
				Map.of(), this.work.log("redis"), this.work.pidFile("redis"));
	}

	/** Stops it (a clean shutdown, which writes the append-only file). */
	public synchronized void stop() {
		if (this.process != null) {
			this.process.stop(Duration.ofSeconds(10));
		}
	}

	public boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	ManagedProcess process() {
		return this.process;
	}

	/** Whether it answers {@code PING} now. */
	public boolean answers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host(), this.port), 200);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			return new String(socket.getInputStream().readNBytes(5), StandardCharsets.US_ASCII).equals("+PONG");
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Waits until it answers, for at most {@code atMost}. */
	public boolean awaitAnswer(Duration atMost) throws InterruptedException {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (System.nanoTime() < deadline) {
			if (answers()) {
				return true;
			}
			TimeUnit.MILLISECONDS.sleep(20);
		}
		return false;
	}

}

package io.monkeyfleet.testsupport.redis;

import io.monkeyfleet.testsupport.process.FreePorts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

/**
 * A {@code redis-server} child process on a free loopback port, with no persistence. Its
 * output goes to {@code redis.log} in its own temporary folder, which {@link #close()}
 * deletes.
 */
public final class RedisServerProcess implements RealRedis {

	private static final String HOST = "127.0.0.1";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

	private final Path executable;

	private final List<String> extraArguments;

	private final Path workDirectory;

	private final int port;

	private Process process;

	private RedisServerProcess(Path executable, List<String> extraArguments) {
		this.executable = executable;
		this.extraArguments = List.copyOf(extraArguments);
		this.port = FreePorts.loopback();
		try {
			this.workDirectory = Files.createTempDirectory("monkeyfleet-redis-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts {@code redis-server} from {@code executable} with the given extra arguments
	 * (for example {@code --requirepass secret}) and waits until it answers {@code PING}.
	 */
	public static RedisServerProcess start(Path executable, List<String> extraArguments) {
		RedisServerProcess server = new RedisServerProcess(executable, extraArguments);
		server.start();
		return server;
	}

	@Override
	public String host() {
		return HOST;
	}

	@Override
	public int port() {
		return this.port;
	}

	/** The operating system's id of the running server, for tests that signal it. */
	public long pid() {
		if (this.process == null || !this.process.isAlive()) {
			throw new IllegalStateException("redis-server is not running");
		}
		return this.process.pid();
	}

	@Override
	public synchronized void start() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		List<String> command = new ArrayList<>(List.of(this.executable.toString(), "--port", String.valueOf(this.port),
				"--bind", HOST, "--save", "", "--appendonly", "no", "--dir", this.workDirectory.toString(), "--logfile",
				this.workDirectory.resolve("redis.log").toString()));
		command.addAll(this.extraArguments);
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(this.workDirectory.resolve("redis.stdout").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start " + this.executable + ": " + ex.getMessage(), ex);
		}
		try {
			RedisPing.awaitAnswer(HOST, this.port, START_TIMEOUT, () -> !this.process.isAlive());
		}
		catch (ConditionTimeoutException ex) {
			close();
			throw new IllegalStateException("redis-server did not answer on port " + this.port, ex);
		}
		if (!this.process.isAlive()) {
			throw new IllegalStateException(
					"redis-server exited at start (exit " + this.process.exitValue() + "): " + logTail());
		}
	}

	@Override
	public synchronized void stop() {
		if (this.process == null) {
			return;
		}
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
		this.process = null;
	}

	@Override
	public synchronized void close() {
		stop();
		deleteRecursively(this.workDirectory);
	}

	private String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.workDirectory.resolve("redis.stdout"));
			return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
		}
		catch (IOException ex) {
			return "(no output)";
		}
	}

	private static void deleteRecursively(Path folder) {
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// Only a temporary folder is left behind; nothing a test depends on.
		}
	}

}

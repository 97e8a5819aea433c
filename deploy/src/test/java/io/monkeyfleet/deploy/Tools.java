package io.monkeyfleet.deploy;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * The real tools the deployment files are checked with ({@code docker-compose},
 * {@code systemd-analyze}, {@code promtool}, {@code prometheus}, {@code redis-server}),
 * run as processes. In CI ({@code CI=true}) a missing tool fails the test:
 * {@code .ci/run} installs them, so a missing one is a broken CI, not a reason to skip.
 * On a developer's machine a missing tool skips the test, loudly, with the command that
 * installs it.
 */
final class Tools {

	private static final String INSTALL = "sudo apt-get install -y docker-compose prometheus systemd redis-server apache2-utils";

	private Tools() {
	}

	/** The tool's path; fails in CI, skips elsewhere, when it is not on PATH. */
	static Path require(String name) {
		Optional<Path> found = find(name);
		if (found.isPresent()) {
			return found.get();
		}
		String message = name + " is not on PATH: this check did NOT run. Install it with: " + INSTALL;
		if (inCi()) {
			throw new AssertionError(message + " (CI must have every tool: see .ci/run)");
		}
		System.err.println("*** SKIPPED *** " + message);
		Assumptions.abort(message);
		throw new IllegalStateException("unreachable");
	}

	static boolean inCi() {
		return "true".equalsIgnoreCase(System.getenv("CI"));
	}

	static Optional<Path> find(String name) {
		String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
		return Stream.of(path.split(File.pathSeparator))
			.filter((folder) -> !folder.isBlank())
			.map((folder) -> Path.of(folder, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/** Runs a command to its end and returns its exit code and output. */
	static Result run(List<String> command, Path directory, Map<String, String> environment, Duration atMost) {
		return run(command, directory, environment, atMost, null);
	}

	/**
	 * Runs a command to its end, with {@code input} (if not {@code null}) on its standard
	 * input, and returns its exit code and output.
	 */
	static Result run(List<String> command, Path directory, Map<String, String> environment, Duration atMost,
			String input) {
		try {
			Path output = Files.createTempFile("monkeyfleet-tool-", ".out");
			try {
				ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
					.redirectErrorStream(true)
					.redirectOutput(output.toFile());
				builder.environment().putAll(environment);
				Process process = builder.start();
				try (OutputStream stdin = process.getOutputStream()) {
					if (input != null) {
						stdin.write(input.getBytes(StandardCharsets.UTF_8));
					}
				}
				if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
					throw new AssertionError(String.join(" ", command) + " did not end within " + atMost + ":\n"
							+ Files.readString(output, StandardCharsets.UTF_8));
				}
				return new Result(command, process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Result run(Path directory, String... command) {
		return run(List.of(command), directory, Map.of(), Duration.ofMinutes(2));
	}

	static List<String> command(Path tool, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(tool.toString());
		command.addAll(List.of(arguments));
		return command;
	}

	/** The SHA-256 of a text's UTF-8 bytes, in hex: how tokens are configured by hash. */
	static String sha256(String text) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every JVM has SHA-256", ex);
		}
	}

	record Result(List<String> command, int exitCode, String output) {

		/** Fails with the command and everything it printed unless it exited 0. */
		Result assertSucceeded() {
			if (this.exitCode != 0) {
				throw new AssertionError(
						String.join(" ", this.command) + " exited " + this.exitCode + ":\n" + this.output);
			}
			return this;
		}

	}

}

package io.monkeyfleet.provisioner.drivers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a configured command on the provisioner's machine as an argument list, never
 * through a shell, with its output copied line by line into the step's output. Used for
 * package installs on local hosts and for {@code ansible-playbook}.
 */
public final class LocalCommand {

	private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

	private LocalCommand() {
	}

	/**
	 * @return the exit code
	 * @throws StepFailedException when it cannot start or does not end within
	 * {@code timeout}
	 */
	public static int run(List<String> command, Duration timeout, StepContext context) {
		Process process;
		try {
			process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new StepFailedException("could not run " + command.get(0) + ": " + ex.getMessage(), ex);
		}
		Thread reader = new Thread(() -> copyOutput(process, context), "command-output-" + process.pid());
		reader.setDaemon(true);
		reader.start();
		Instant deadline = context.clock().instant().plus(timeout);
		try {
			while (!process.waitFor(CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
				context.checkCancelled();
				if (!context.clock().instant().isBefore(deadline)) {
					throw new StepFailedException(command.get(0) + " did not end within " + timeout);
				}
			}
			reader.join(TimeUnit.SECONDS.toMillis(5));
			return process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JobInterruptedException();
		}
		finally {
			if (process.isAlive()) {
				process.descendants().forEach(ProcessHandle::destroyForcibly);
				process.destroyForcibly();
			}
		}
	}

	private static void copyOutput(Process process, StepContext context) {
		try (BufferedReader lines = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = lines.readLine()) != null) {
				context.output(line);
			}
		}
		catch (IOException ex) {
			// The process ended or was killed; what it printed so far is kept.
		}
	}

}

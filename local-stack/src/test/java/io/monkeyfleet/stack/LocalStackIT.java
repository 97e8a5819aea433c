package io.monkeyfleet.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher as a person runs it ({@code run-local.sh} runs exactly this class): a real
 * process that starts the whole stack, is killed without warning, is started again (and
 * cleans up after the first), and is stopped with a signal, leaving nothing running and
 * nothing outside its work folder.
 */
class LocalStackIT {

	private static final Pattern HEALTHY = Pattern.compile("local stack healthy in ([0-9.]+) s");

	private final Path repository = Path.of("..").toAbsolutePath().normalize();

	private final Path work = Path.of("target", "lifecycle-stack").toAbsolutePath();

	private final List<Process> launchers = new ArrayList<>();

	@AfterEach
	void stopWhatIsLeft() {
		this.launchers.forEach(Process::destroyForcibly);
		new WorkFolder(this.work).stopLeftovers((line) -> {
		});
	}

	@Test
	void aCrashedStackIsCleanedUpByTheNextStartAndASignalStopsEverything() throws Exception {
		Process first = launch("first.log");
		double firstStart = awaitHealthy(first, "first.log");
		List<ProcessHandle> started = stackProcesses();
		// The launcher, provisioner, monkey, gateway, and the node's app and agent (Redis
		// renames its process, and is found by its pid file).
		assertThat(started)
			.as("services and nodes naming the work folder: %s",
					started.stream()
						.map(LocalStackIT::commandLine)
						.map((line) -> line.substring(0, Math.min(200, line.length())))
						.toList())
			.hasSizeGreaterThanOrEqualTo(6);
		for (ProcessHandle process : started) {
			assertThat(temporaryFolder(process)).as("temporary folder of " + commandLine(process))
				.contains(this.work.resolve("tmp").toString());
			assertThat(Path.of(System.getProperty("java.io.tmpdir"), "hsperfdata_" + System.getProperty("user.name"),
					Long.toString(process.pid())))
				.as("no hsperfdata file in /tmp")
				.doesNotExist();
		}

		// A crash: the launcher dies without a word; everything it started runs on.
		first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		assertThat(started).anyMatch(ProcessHandle::isAlive);

		Process second = launch("second.log");
		double secondStart = awaitHealthy(second, "second.log");
		assertThat(output("second.log")).contains("cleaned up after a previous run that did not stop");
		assertThat(started).noneMatch(ProcessHandle::isAlive);
		List<ProcessHandle> running = stackProcesses();
		assertThat(running).hasSizeGreaterThanOrEqualTo(6);

		// Ctrl-C and SIGTERM both run the launcher's shutdown hook (a test cannot send
		// a Ctrl-C: a background process ignores SIGINT).
		second.destroy();
		assertThat(second.waitFor(2, TimeUnit.MINUTES)).as("the launcher ends").isTrue();
		assertThat(output("second.log")).contains("Stopped every process in");
		assertThat(running).noneMatch(ProcessHandle::isAlive);
		assertThat(stackProcesses()).isEmpty();
		try (var pids = Files.list(this.work.resolve("pids"))) {
			assertThat(pids).as("pid files").isEmpty();
		}
		System.out.printf("Launcher started the stack in %.1f s, and in %.1f s after a crash%n", firstStart,
				secondStart);
	}

	/** As run-local.sh starts it. */
	private Process launch(String log) throws IOException {
		Files.createDirectories(this.work.resolve("tmp"));
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx192m",
				"-XX:-UsePerfData", "-Djava.io.tmpdir=" + this.work.resolve("tmp"),
				"-Dmonkeyfleet.repository=" + this.repository, "-cp", System.getProperty("java.class.path"),
				LocalStack.class.getName(), "--free-ports", "--work-dir=" + this.work, "--nodes=1");
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.work.resolveSibling(log).toFile())
			.start();
		this.launchers.add(process);
		return process;
	}

	private double awaitHealthy(Process launcher, String log) {
		return await("the stack healthy").atMost(LocalStack.START_TIMEOUT.plusMinutes(1))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				String output = output(log);
				if (!launcher.isAlive()) {
					throw new IllegalStateException("the launcher exited:\n" + output);
				}
				Matcher healthy = HEALTHY.matcher(output);
				return healthy.find() ? Optional.of(Double.parseDouble(healthy.group(1))) : Optional.<Double>empty();
			}, Optional::isPresent)
			.get();
	}

	private String output(String log) throws IOException {
		return Files.readString(this.work.resolveSibling(log));
	}

	private List<ProcessHandle> stackProcesses() {
		return new WorkFolder(this.work).processesNamingThisFolder();
	}

	private static String temporaryFolder(ProcessHandle process) {
		return commandLine(process) + " " + read(Path.of("/proc", Long.toString(process.pid()), "environ"));
	}

	private static String commandLine(ProcessHandle process) {
		return read(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
	}

	private static String read(Path file) {
		try {
			return Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1).replace('\0', ' ');
		}
		catch (IOException ex) {
			return "";
		}
	}

}

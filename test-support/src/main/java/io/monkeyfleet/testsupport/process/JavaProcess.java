package io.monkeyfleet.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A real child JVM running a main class from the test's own class path: the way tests run
 * a service, an agent or a sample app as the separate process it is in production, so it
 * can be killed, stopped and resumed like one. Output goes to a log file; children still
 * running when the test JVM exits are killed, so no orphans are left.
 */
public final class JavaProcess implements AutoCloseable {

	private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
	}

	private final String name;

	private final Process process;

	private final Path log;

	private JavaProcess(String name, Process process, Path log) {
		this.name = name;
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts {@code mainClass} in a new JVM with the test's class path.
	 * @param name for messages and the log file's name
	 * @param jvmOptions for example {@code -Xmx64m}
	 * @param arguments the program's arguments
	 * @param environment added to this JVM's environment
	 */
	public static JavaProcess start(String name, Class<?> mainClass, List<String> jvmOptions, List<String> arguments,
			Map<String, String> environment) {
		return start(name, jvmOptions, List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()),
				arguments, environment);
	}

	/**
	 * Starts a runnable jar ({@code java -jar}), as a service is deployed; see
	 * {@link ServiceJars} to find one.
	 */
	public static JavaProcess startJar(String name, Path jar, List<String> jvmOptions, List<String> arguments,
			Map<String, String> environment) {
		return start(name, jvmOptions, List.of("-jar", jar.toString()), arguments, environment);
	}

	private static JavaProcess start(String name, List<String> jvmOptions, List<String> what, List<String> arguments,
			Map<String, String> environment) {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(what);
		command.addAll(arguments);
		try {
			Path log = Files.createTempFile("monkeyfleet-" + name + "-", ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			RUNNING.add(process);
			return new JavaProcess(name, process, log);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not start " + name, ex);
		}
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** What the process has printed so far (standard output and error together). */
	public String output() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "";
		}
	}

	/** The last {@code lines} lines of the output, for a failure's message. */
	public String outputTail(int lines) {
		List<String> output = output().lines().toList();
		return String.join("\n", output.subList(Math.max(0, output.size() - lines), output.size()));
	}

	/**
	 * Waits until the process prints {@code text}, failing early with its output if it
	 * exits.
	 */
	public void awaitOutput(String text, Duration atMost) {
		Awaitility.await(this.name + " to print '" + text + "'")
			.atMost(atMost)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> {
				String output = output();
				if (!output.contains(text) && !isAlive()) {
					throw new IllegalStateException(this.name + " exited (" + this.process.exitValue()
							+ ") before printing '" + text + "':\n" + output);
				}
				return output.contains(text);
			});
	}

	/** Waits for the process to end by itself and returns its exit code. */
	public int awaitExit(Duration atMost) {
		try {
			if (!this.process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(this.name + " still running after " + atMost);
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** {@code SIGKILL}: gone at once, no shutdown hooks. */
	public void kill() {
		Signals.send(pid(), Signals.KILL);
		awaitExit(Duration.ofSeconds(10));
	}

	/** {@code SIGSTOP}: frozen, still holding its sockets, answering nothing. */
	public void freeze() {
		Signals.send(pid(), Signals.STOP);
	}

	/** {@code SIGCONT} after {@link #freeze()}. */
	public void thaw() {
		Signals.send(pid(), Signals.CONT);
	}

	/**
	 * Ends the process: {@code SIGTERM}, then {@code SIGKILL} if it has not ended within
	 * 10 s.
	 */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			Signals.send(pid(), Signals.CONT);
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
		}
		RUNNING.remove(this.process);
		try {
			Files.deleteIfExists(this.log);
		}
		catch (IOException ex) {
			// A temporary log left behind harms nothing.
		}
	}

}

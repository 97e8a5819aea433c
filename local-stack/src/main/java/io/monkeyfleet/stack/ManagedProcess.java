package io.monkeyfleet.stack;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process the stack started: its own process group ({@code setsid}, where it exists),
 * output to a log file in the work folder, and a pid file (pid and start time) so the
 * next start can find it if this launcher dies without stopping it.
 */
public final class ManagedProcess {

	private static final boolean SETSID = Files.isExecutable(Path.of("/usr/bin/setsid"))
			|| Files.isExecutable(Path.of("/bin/setsid"));

	private final String name;

	private final Process process;

	private final Path log;

	private final Path pidFile;

	private volatile boolean stopping;

	private ManagedProcess(String name, Process process, Path log, Path pidFile) {
		this.name = name;
		this.process = process;
		this.log = log;
		this.pidFile = pidFile;
	}

	/**
	 * Starts {@code command}, its output appended to {@code log}, its pid written to
	 * {@code pidFile}.
	 */
	static ManagedProcess start(String name, List<String> command, Map<String, String> environment, Path log,
			Path pidFile) {
		List<String> full = new ArrayList<>();
		if (SETSID) {
			// Its own process group: Ctrl-C in the terminal reaches the launcher alone,
			// which then stops everything in order; and the whole group can be signalled.
			full.add("setsid");
		}
		full.addAll(command);
		try {
			Files.createDirectories(log.getParent());
			ProcessBuilder builder = new ProcessBuilder(full).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
			builder.environment().putAll(environment);
			Process process = builder.start();
			PidFile.write(pidFile, name, process.toHandle());
			return new ManagedProcess(name, process, log, pidFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"could not start " + name + " (" + String.join(" ", command) + "): " + ex.getMessage(), ex);
		}
	}

	public String name() {
		return this.name;
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** Whether it ended without being asked to. */
	boolean diedUnasked() {
		return !this.stopping && !this.process.isAlive();
	}

	Optional<Integer> exitCode() {
		return this.process.isAlive() ? Optional.empty() : Optional.of(this.process.exitValue());
	}

	public Path log() {
		return this.log;
	}

	/** The last {@code lines} lines of its log. */
	public String logTail(int lines) {
		return tail(this.log, lines);
	}

	/** {@code SIGSTOP}: frozen, holding its sockets, answering nothing. */
	public void freeze() {
		Signals.send(pid(), Signals.STOP);
	}

	/** {@code SIGCONT} after {@link #freeze()}. */
	public void thaw() {
		Signals.send(pid(), Signals.CONT);
	}

	/** {@code SIGKILL}: gone at once, no clean-up of its own. */
	public void kill() {
		this.stopping = true;
		Signals.send(pid(), Signals.KILL);
		await(this.process.toHandle(), Duration.ofSeconds(10));
	}

	/**
	 * Stops it: {@code SIGTERM} (after a {@code SIGCONT}, in case it is frozen), then
	 * {@code SIGKILL} to it and everything it started if it has not ended within
	 * {@code grace}. Returns once every one of them has exited.
	 */
	public void stop(Duration grace) {
		this.stopping = true;
		stopTree(this.process.toHandle(), grace);
		try {
			Files.deleteIfExists(this.pidFile);
		}
		catch (IOException ex) {
			// The next start finds the pid file, sees the process is gone and moves on.
		}
	}

	/**
	 * Stops a process and its descendants: {@code SIGTERM} to the process,
	 * {@code SIGKILL} to all of them after {@code grace}.
	 */
	static void stopTree(ProcessHandle process, Duration grace) {
		List<ProcessHandle> family = new ArrayList<>();
		family.add(process);
		process.descendants().forEach(family::add);
		if (!process.isAlive()) {
			family.forEach(ProcessHandle::destroyForcibly);
			return;
		}
		Signals.sendQuietly(process.pid(), Signals.CONT);
		process.destroy();
		if (!await(process, grace)) {
			family.forEach((member) -> {
				Signals.sendQuietly(member.pid(), Signals.CONT);
				member.destroyForcibly();
			});
		}
		// What it started must not outlive it.
		for (ProcessHandle member : family) {
			if (member.isAlive() && !await(member, Duration.ofSeconds(2))) {
				member.destroyForcibly();
				await(member, Duration.ofSeconds(5));
			}
		}
	}

	/** {@link #stopTree} for several processes at once, sharing one grace period. */
	static void stopTrees(List<ProcessHandle> processes, Duration grace) {
		List<Thread> stoppers = new ArrayList<>();
		for (ProcessHandle process : processes) {
			Thread stopper = new Thread(() -> stopTree(process, grace), "stop-" + process.pid());
			stopper.start();
			stoppers.add(stopper);
		}
		for (Thread stopper : stoppers) {
			try {
				stopper.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private static boolean await(ProcessHandle process, Duration atMost) {
		try {
			process.onExit().get(atMost.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception ex) {
			return !process.isAlive();
		}
	}

	static String tail(Path file, int lines) {
		try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
			long length = raf.length();
			long from = Math.max(0, length - 64 * 1024);
			raf.seek(from);
			byte[] bytes = new byte[(int) (length - from)];
			raf.readFully(bytes);
			List<String> all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
			return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException ex) {
			return "(no log at " + file + ")";
		}
	}

	@Override
	public String toString() {
		return this.name + " (pid " + pid() + ")";
	}

	/**
	 * A pid file: the pid and the start time of that pid, so a pid reused by another
	 * program after a reboot is never taken for ours.
	 */
	record PidFile(String name, long pid, Instant started) {

		static void write(Path file, String name, ProcessHandle process) throws IOException {
			Files.createDirectories(file.getParent());
			String started = process.info().startInstant().map(Instant::toString).orElse("unknown");
			Files.writeString(file, name + " " + process.pid() + " " + started + System.lineSeparator());
		}

		static Optional<PidFile> read(Path file) {
			try {
				String[] parts = Files.readString(file).trim().split(" ");
				Instant started = parts[2].equals("unknown") ? null : Instant.parse(parts[2]);
				return Optional.of(new PidFile(parts[0], Long.parseLong(parts[1]), started));
			}
			catch (IOException | RuntimeException ex) {
				return Optional.empty();
			}
		}

		/** The process, if the pid still names the process this file was written for. */
		Optional<ProcessHandle> running() {
			return ProcessHandle.of(this.pid)
				.filter(ProcessHandle::isAlive)
				.filter((process) -> this.started == null
						|| process.info().startInstant().map(this.started::equals).orElse(false));
		}

	}

}

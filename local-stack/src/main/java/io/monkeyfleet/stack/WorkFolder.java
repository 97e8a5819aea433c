package io.monkeyfleet.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Everything the stack writes, in one folder:
 *
 * <pre>
 * .lock              held by the running launcher (the OS lets go of it when the launcher dies)
 * stack.json         URLs, ports and the provisioner's token, for the load generator and scripts
 * pids/NAME.pid      pid and start time of each process the launcher started
 * logs/NAME.log      each service's output (redis, provisioner, monkey, gateway)
 * nodes/NODE/        each node's folder (provisioner's local driver): app.log, agent.log, pid files
 * mail/NNNN-*.eml    every alert mail the SMTP catcher received
 * gateway/           the gateway's seed file and snapshot file
 * redis/             Redis's append-only file
 * tmp/               every JVM's temporary folder (java.io.tmpdir)
 * </pre>
 *
 * Every process the stack starts names this folder on its command line (a pid file, a log
 * or {@code -Djava.io.tmpdir}), which is how the next start finds whatever a crashed
 * launcher left behind, nodes included.
 */
final class WorkFolder implements AutoCloseable {

	private final Path root;

	private FileChannel lockChannel;

	private FileLock lock;

	WorkFolder(Path root) {
		this.root = root;
	}

	Path root() {
		return this.root;
	}

	Path pids() {
		return this.root.resolve("pids");
	}

	Path pidFile(String name) {
		return pids().resolve(name + ".pid");
	}

	Path log(String name) {
		return this.root.resolve("logs").resolve(name + ".log");
	}

	Path nodes() {
		return this.root.resolve("nodes");
	}

	Path mail() {
		return this.root.resolve("mail");
	}

	Path gateway() {
		return this.root.resolve("gateway");
	}

	Path redis() {
		return this.root.resolve("redis");
	}

	Path tmp() {
		return this.root.resolve("tmp");
	}

	Path stackFile() {
		return this.root.resolve("stack.json");
	}

	/**
	 * Takes the folder for this launcher.
	 * @throws IllegalStateException when another launcher holds it
	 */
	void lock() {
		try {
			Files.createDirectories(this.root);
			Path file = this.root.resolve(".lock");
			this.lockChannel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.READ);
			try {
				this.lock = this.lockChannel.tryLock();
			}
			catch (OverlappingFileLockException ex) {
				this.lock = null;
			}
			if (this.lock == null) {
				String holder = Files.readString(file).trim();
				this.lockChannel.close();
				throw new IllegalStateException("a local stack is already running in " + this.root
						+ (holder.isEmpty() ? "" : " (launcher pid " + holder + ")")
						+ "; stop it with Ctrl-C in its terminal first");
			}
			this.lockChannel.truncate(0);
			this.lockChannel.write(java.nio.ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot lock the work folder " + this.root + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Stops whatever a previous launcher left running (it crashed, or was killed), then
	 * empties the folder. Says what it did through {@code report}.
	 */
	void cleanUpAfterPreviousRun(Consumer<String> report) {
		List<String> stopped = new ArrayList<>();
		// Processes this launcher's predecessor started itself, by pid file; all asked to
		// stop at once, so the clean-up takes one grace period, not one each.
		List<ProcessHandle> running = new ArrayList<>();
		try (Stream<Path> files = Files.exists(pids()) ? Files.list(pids()) : Stream.empty()) {
			for (Path file : files.toList()) {
				ManagedProcess.PidFile.read(file).flatMap(ManagedProcess.PidFile::running).ifPresent((process) -> {
					running.add(process);
					stopped.add(file.getFileName().toString().replace(".pid", "") + " (pid " + process.pid() + ")");
				});
			}
		}
		catch (IOException ex) {
			report.accept("could not read " + pids() + ": " + ex.getMessage());
		}
		ManagedProcess.stopTrees(running, Duration.ofSeconds(15));
		// Anything else that names this folder: the nodes the provisioner started.
		stopped.addAll(stopProcessesNamingThisFolder());
		if (!stopped.isEmpty()) {
			report.accept("cleaned up after a previous run that did not stop: stopped " + String.join(", ", stopped));
		}
		empty();
	}

	/**
	 * Stops any process still naming this folder on its command line; says which through
	 * {@code report}. After a clean stop there are none.
	 */
	void stopLeftovers(Consumer<String> report) {
		List<String> stopped = stopProcessesNamingThisFolder();
		if (!stopped.isEmpty()) {
			report.accept("stopped processes left running: " + String.join(", ", stopped));
		}
	}

	/** The processes (other than this one and its ancestors) naming this folder. */
	List<ProcessHandle> processesNamingThisFolder() {
		String marker = this.root.toString() + "/";
		long self = ProcessHandle.current().pid();
		return ProcessHandle.allProcesses()
			.filter((process) -> process.pid() != self && !isAncestor(process))
			.filter((process) -> commandLine(process).map((line) -> line.contains(marker)).orElse(false))
			.toList();
	}

	private List<String> stopProcessesNamingThisFolder() {
		List<String> stopped = new ArrayList<>();
		List<ProcessHandle> leftovers = processesNamingThisFolder();
		for (ProcessHandle process : leftovers) {
			stopped.add(commandLine(process).map(WorkFolder::shortName).orElse("?") + " (pid " + process.pid() + ")");
		}
		ManagedProcess.stopTrees(leftovers, Duration.ofSeconds(5));
		return stopped;
	}

	/** Creates the folders, empty. */
	void create() {
		try {
			for (Path folder : List.of(pids(), this.root.resolve("logs"), nodes(), mail(), gateway(), redis(), tmp())) {
				Files.createDirectories(folder);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create " + this.root + ": " + ex.getMessage(), ex);
		}
	}

	/** Writes a file only this user can read (it holds a token). */
	void writePrivate(Path file, String content) {
		try {
			Files.writeString(file, content);
			try {
				Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// Not a POSIX file system: the folder's own permissions apply.
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + file + ": " + ex.getMessage(), ex);
		}
	}

	private void empty() {
		try (Stream<Path> paths = Files.walk(this.root)) {
			paths.sorted(Comparator.reverseOrder())
				.filter((path) -> !path.equals(this.root) && !path.getFileName().toString().equals(".lock"))
				.forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot empty " + this.root + ": " + ex.getMessage(), ex);
		}
	}

	private static boolean isAncestor(ProcessHandle process) {
		Optional<ProcessHandle> parent = ProcessHandle.current().parent();
		while (parent.isPresent()) {
			if (parent.get().pid() == process.pid()) {
				return true;
			}
			parent = parent.get().parent();
		}
		return false;
	}

	private static Optional<String> commandLine(ProcessHandle process) {
		try {
			// /proc/PID/cmdline has every argument; ProcessHandle.Info may cut it short.
			Path cmdline = Path.of("/proc", Long.toString(process.pid()), "cmdline");
			if (Files.isReadable(cmdline)) {
				return Optional.of(Files.readString(cmdline).replace('\0', ' '));
			}
		}
		catch (IOException | UncheckedIOException ex) {
			// Gone meanwhile, or not ours to read.
		}
		return process.info().commandLine();
	}

	private static String shortName(String commandLine) {
		for (String module : List.of("sample-app", "monitor-agent", "provisioner-service", "monkey-service",
				"gateway-service", "redis-server")) {
			if (commandLine.contains(module)) {
				return module;
			}
		}
		return commandLine.split(" ")[0];
	}

	@Override
	public void close() {
		try {
			if (this.lock != null) {
				this.lock.release();
			}
			if (this.lockChannel != null) {
				this.lockChannel.close();
			}
		}
		catch (IOException ex) {
			// The OS releases the lock with the process anyway.
		}
	}

}

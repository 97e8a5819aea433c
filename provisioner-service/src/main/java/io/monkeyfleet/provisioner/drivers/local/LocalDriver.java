package io.monkeyfleet.provisioner.drivers.local;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.HostDriver;
import io.monkeyfleet.provisioner.drivers.JobInterruptedException;
import io.monkeyfleet.provisioner.drivers.LocalCommand;
import io.monkeyfleet.provisioner.drivers.Operation;
import io.monkeyfleet.provisioner.drivers.StepContext;
import io.monkeyfleet.provisioner.drivers.StepFailedException;
import io.monkeyfleet.provisioner.drivers.UnsupportedOperationForHostException;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.Inventory;
import io.monkeyfleet.provisioner.inventory.LaunchTemplate;
import io.monkeyfleet.provisioner.inventory.LocalSettings;
import io.monkeyfleet.provisioner.inventory.ProcessDefinition;
import io.monkeyfleet.store.FleetCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts that are process groups on this machine: the local stack and the end-to-end tests
 * run the whole fleet this way.
 *
 * <p>
 * Each process is started through {@code setsid}, so it leads a process group of its own
 * and everything it spawns can be signalled together: stopping a host sends
 * {@code SIGTERM} to each group, then {@code SIGKILL} to what is left after the stop
 * timeout, and waits until every member has exited, so nothing is orphaned. Each host has
 * a folder under the state directory with a pid file (pid and the system's start time of
 * that pid, so a reused pid is never taken for ours) and one log per process. A
 * provisioner that starts finds there what a crashed predecessor left running, and adopts
 * or stops it as configured.
 *
 * <p>
 * Each host is a simulated machine with a boot id of its own, a fresh random one in
 * {@code <host folder>/boot_id} each time the driver boots it (its first start, and the
 * end of a reboot's boot time), as a kernel has: its agent publishes it as its boot
 * marker ({@code monkeyfleet.agent.boot-marker.file={dir}/boot_id}), which is how a
 * reboot job knows the host really went down and came back. The machine's real boot id
 * never changes.
 */
public class LocalDriver implements HostDriver, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LocalDriver.class);

	private static final String STATE_FILE = "state.json";

	/** The simulated machine's boot id, in the host's folder ({@code {dir}}). */
	public static final String BOOT_ID_FILE = "boot_id";

	private static final int LOG_TAIL_BYTES = 2000;

	private final LocalDriverProperties properties;

	private final Inventory inventory;

	private final FleetCodec codec;

	private final RandomGenerator random;

	private final boolean setsid;

	/** Our own children by pid, for the exit code of one that ended by itself. */
	private final Map<Long, Process> children = new ConcurrentHashMap<>();

	/**
	 * @param random makes each boot's boot id
	 */
	public LocalDriver(LocalDriverProperties properties, Inventory inventory, FleetCodec codec,
			RandomGenerator random) {
		this.properties = properties;
		this.inventory = inventory;
		this.codec = codec;
		this.random = random;
		this.setsid = Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"));
		try {
			Files.createDirectories(properties.stateDirectory());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the local driver's state directory "
					+ properties.stateDirectory() + ": " + ex.getMessage(), ex);
		}
	}

	@Override
	public DriverKind kind() {
		return DriverKind.LOCAL;
	}

	@Override
	public List<Action> plan(Operation operation, HostDefinition host) {
		return switch (operation) {
			case REBOOT -> List.of(Action.NOTE_BOOT_MARKER, Action.STOP, Action.BOOT_WAIT, Action.START,
					Action.AWAIT_NEW_BOOT, Action.AWAIT_HEALTH);
			case RESTART, DEPLOY -> List.of(Action.STOP, Action.START, Action.AWAIT_HEALTH);
			case STOP -> List.of(Action.STOP);
			case START -> List.of(Action.START, Action.AWAIT_HEALTH);
			case LAUNCH -> List.of(Action.LAUNCH, Action.AWAIT_HEALTH);
			case TERMINATE -> {
				if (host.launchedFrom() == null) {
					throw new UnsupportedOperationForHostException("host '" + host.id()
							+ "' is in the configured inventory; only launched local hosts can be terminated "
							+ "(stop it instead)");
				}
				yield List.of(Action.TERMINATE);
			}
			case MIGRATE_TO -> List.of(Action.COPY, Action.INSTALL, Action.START, Action.AWAIT_HEALTH);
		};
	}

	@Override
	public void execute(Action action, HostDefinition host, HostDefinition source, StepContext context) {
		switch (action) {
			case STOP -> stop(host, context);
			case START -> start(host, context);
			case BOOT_WAIT -> bootWait(host, context);
			case TERMINATE -> {
				stop(host, context);
				deleteHostFolder(host.id());
			}
			case COPY -> copyDefinition(source, host, context);
			case INSTALL -> install(source, context);
			default -> throw new UnsupportedOperationForHostException("the local driver has no step " + action);
		}
	}

	@Override
	public HostDefinition launch(LaunchTemplate template, String hostId, StepContext context) {
		Optional<HostDefinition> existing = this.inventory.find(hostId);
		HostDefinition host;
		if (existing.isPresent()) {
			// A resumed launch: the host was defined before the interruption.
			host = existing.get();
			context.output("host " + hostId + " was already defined at " + host.address());
		}
		else {
			int port = freePort();
			host = new HostDefinition(hostId, DriverKind.LOCAL, "127.0.0.1:" + port, template.healthPath(),
					template.packages(), template.local(), null, null, template.name());
			this.inventory.save(host);
			context.output("defined host " + hostId + " on 127.0.0.1:" + port + " from template " + template.name());
		}
		start(host, context);
		return host;
	}

	@Override
	public Optional<String> knownProblem(HostDefinition host) {
		Optional<LocalHostState> state = readState(host.id());
		if (state.isEmpty()) {
			return Optional.of("no process is running for host " + host.id());
		}
		for (RunningProcess process : state.get().processes()) {
			if (process.handle().isEmpty()) {
				String exit = exitCode(process.pid()).map((code) -> " with exit code " + code).orElse("");
				return Optional.of("process " + process.name() + " (pid " + process.pid() + ") exited" + exit
						+ "; last output: " + tail(Path.of(process.log())));
			}
		}
		return Optional.empty();
	}

	@Override
	public Map<String, String> describe(HostDefinition host) {
		Map<String, String> description = new LinkedHashMap<>();
		readState(host.id()).ifPresentOrElse(
				(state) -> state.processes()
					.forEach((process) -> description.put(process.name(),
							"pid " + process.pid() + (process.handle().isPresent() ? " running" : " exited"))),
				() -> description.put("state", "stopped"));
		return description;
	}

	/** Whether every process of the host is running. */
	public boolean isRunning(String hostId) {
		return readState(hostId)
			.map((state) -> !state.processes().isEmpty()
					&& state.processes().stream().allMatch((process) -> process.handle().isPresent()))
			.orElse(false);
	}

	/** The pids of the host's running processes, in start order. */
	public List<Long> pids(String hostId) {
		return readState(hostId)
			.map((state) -> state.processes()
				.stream()
				.filter((process) -> process.handle().isPresent())
				.map(RunningProcess::pid)
				.toList())
			.orElse(List.of());
	}

	/** Where the host's current boot id is, for its agent to read. */
	public Path bootIdFile(String hostId) {
		return hostFolder(hostId).resolve(BOOT_ID_FILE);
	}

	/** Where a process of a host writes its output. */
	public Path logFile(String hostId, String processName) {
		return hostFolder(hostId).resolve(processName + ".log");
	}

	/**
	 * Finds the process groups a previous provisioner left behind and adopts or stops
	 * them, as configured. Pid files whose processes are gone are removed.
	 * @return one line per host found, for the log
	 */
	public List<String> recoverStaleProcesses() {
		List<String> report = new ArrayList<>();
		try (Stream<Path> folders = Files.list(this.properties.stateDirectory())) {
			for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
				String hostId = folder.getFileName().toString();
				Optional<LocalHostState> state = readState(hostId);
				if (state.isEmpty()) {
					continue;
				}
				List<RunningProcess> alive = state.get()
					.processes()
					.stream()
					.filter((process) -> process.handle().isPresent())
					.toList();
				if (alive.isEmpty()) {
					deleteState(hostId);
					report.add(hostId + ": processes had exited; pid file removed");
				}
				else if (this.properties.staleProcesses() == StaleProcessPolicy.ADOPT) {
					report.add(hostId + ": adopted " + pidList(alive));
				}
				else {
					stopProcesses(state.get(), null);
					deleteState(hostId);
					report.add(hostId + ": stopped " + pidList(alive));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		report.forEach((line) -> logger.info("Local host left by a previous provisioner: {}", line));
		return report;
	}

	/**
	 * Stops every local host when so configured; otherwise leaves them running. The hosts
	 * are stopped at once, not one after another: a provisioner with ten hosts would
	 * otherwise take ten stop times to end, longer than a service manager waits, and the
	 * hosts it had not reached yet would be left running.
	 */
	@Override
	public void close() {
		if (!this.properties.stopOnShutdown()) {
			return;
		}
		List<String> hostIds;
		try (Stream<Path> folders = Files.list(this.properties.stateDirectory())) {
			hostIds = folders.filter(Files::isDirectory).map((folder) -> folder.getFileName().toString()).toList();
		}
		catch (IOException ex) {
			logger.warn("Could not stop local hosts at shutdown: {}", ex.getMessage());
			return;
		}
		List<CompletableFuture<Void>> stops = hostIds.stream()
			.map((hostId) -> CompletableFuture.runAsync(() -> readState(hostId).ifPresent((state) -> {
				stopProcesses(state, null);
				deleteState(hostId);
			}), (task) -> {
				Thread stopper = new Thread(task, "local-stop-" + hostId);
				stopper.setDaemon(true);
				stopper.start();
			}))
			.toList();
		for (int i = 0; i < stops.size(); i++) {
			try {
				stops.get(i).get();
			}
			catch (ExecutionException ex) {
				logger.warn("Could not stop local host {} at shutdown: {}", hostIds.get(i), ex.getCause().getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	// Steps

	void start(HostDefinition host, StepContext context) {
		LocalSettings local = requireLocal(host);
		Optional<LocalHostState> state = readState(host.id());
		if (state.isPresent()) {
			if (isRunning(host.id())) {
				context.output("already running: " + pidList(state.get().processes()));
				return;
			}
			// Some process died: start the group afresh rather than half of it.
			stopProcesses(state.get(), context);
			deleteState(host.id());
		}
		if (local.processes().isEmpty()) {
			throw new StepFailedException(
					"host " + host.id() + " has no processes to start (a standby host gets " + "them by migration)");
		}
		int port = host.appAddress().port();
		Path folder = hostFolder(host.id());
		List<RunningProcess> started = new ArrayList<>();
		try {
			Files.createDirectories(folder);
			if (!Files.exists(bootIdFile(host.id()))) {
				// The machine's first boot.
				boot(host, context);
			}
			for (ProcessDefinition definition : local.processes()) {
				started.add(startProcess(host, definition, port, folder, context));
				// Written after each process, so a crash mid-way leaves nothing
				// untracked.
				writeState(new LocalHostState(host.id(), port, started));
			}
		}
		catch (IOException ex) {
			stopProcesses(new LocalHostState(host.id(), port, started), context);
			deleteState(host.id());
			throw new StepFailedException("could not start host " + host.id() + ": " + ex.getMessage(), ex);
		}
	}

	void stop(HostDefinition host, StepContext context) {
		Optional<LocalHostState> state = readState(host.id());
		if (state.isEmpty()) {
			context.output("not running");
			return;
		}
		stopProcesses(state.get(), context);
		deleteState(host.id());
	}

	private void bootWait(HostDefinition host, StepContext context) {
		Duration bootTime = requireLocal(host).bootTime();
		Instant until = context.stepStartedAt().plus(bootTime);
		Duration left = Duration.between(context.clock().instant(), until);
		if (!left.isNegative() && !left.isZero()) {
			context.output("down for the boot time, " + bootTime);
			context.pause(left);
		}
		try {
			Files.createDirectories(hostFolder(host.id()));
			boot(host, context);
		}
		catch (IOException ex) {
			throw new StepFailedException("could not write the boot id of " + host.id() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Gives the simulated machine a new boot id, written whole (a temporary file moved
	 * over the old one), so an agent starting at the same moment never reads half of one.
	 */
	private void boot(HostDefinition host, StepContext context) throws IOException {
		String bootId = new UUID(this.random.nextLong(), this.random.nextLong()).toString();
		Path file = bootIdFile(host.id());
		Path temporary = file.resolveSibling(BOOT_ID_FILE + ".tmp");
		Files.writeString(temporary, bootId + "\n");
		Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		context.output("booted with boot id " + bootId + " (" + file + ")");
	}

	private void copyDefinition(HostDefinition source, HostDefinition target, StepContext context) {
		LocalSettings sourceLocal = requireLocal(source);
		LocalSettings targetLocal = requireLocal(target);
		HostDefinition moved = target.withLocal(new LocalSettings(sourceLocal.processes(), targetLocal.bootTime()));
		this.inventory.save(moved);
		context.output("copied the definition of " + sourceLocal.processes().size() + " process(es) from " + source.id()
				+ " to " + target.id());
	}

	private void install(HostDefinition source, StepContext context) {
		if (source.packages().isEmpty()) {
			context.output("host " + source.id() + " lists no packages");
			return;
		}
		if (this.properties.installCommand().isEmpty()) {
			context.output("no local install command configured; not installing " + source.packages());
			return;
		}
		for (String name : source.packages()) {
			List<String> command = this.properties.installCommand()
				.stream()
				.map((argument) -> argument.replace("{package}", name))
				.toList();
			int exit = LocalCommand.run(command, this.properties.commandTimeout(), context);
			if (exit != 0) {
				throw new StepFailedException("installing " + name + " failed with exit code " + exit);
			}
			context.output("installed " + name);
		}
	}

	// Processes

	private RunningProcess startProcess(HostDefinition host, ProcessDefinition definition, int port, Path folder,
			StepContext context) throws IOException {
		List<String> command = new ArrayList<>();
		if (this.setsid) {
			command.add("setsid");
		}
		for (String argument : definition.command()) {
			command.add(argument.replace("{java}", javaExecutable())
				.replace("{host}", host.id())
				.replace("{port}", String.valueOf(port))
				// Absolute: the process runs in its folder, where a relative one would
				// point elsewhere.
				.replace("{dir}", folder.toAbsolutePath().toString()));
		}
		Path log = logFile(host.id(), definition.name());
		ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
		builder.environment().putAll(definition.environment());
		builder.environment().put("MONKEYFLEET_HOST_ID", host.id());
		Process process = builder.start();
		this.children.put(process.pid(), process);
		Instant startedAt = process.info().startInstant().orElse(null);
		context.output("started " + definition.name() + " pid " + process.pid() + " (output in " + log + ")");
		return new RunningProcess(definition.name(), process.pid(), startedAt, this.setsid, log.toString());
	}

	/** Stops the processes in reverse start order; {@code context} may be null. */
	private void stopProcesses(LocalHostState state, StepContext context) {
		List<RunningProcess> reversed = new ArrayList<>(state.processes());
		java.util.Collections.reverse(reversed);
		for (RunningProcess process : reversed) {
			Optional<ProcessHandle> handle = process.handle();
			if (handle.isEmpty()) {
				continue;
			}
			// Everyone in the family, taken before the signal: children re-parented after
			// it would otherwise be missed.
			List<ProcessHandle> family = new ArrayList<>();
			family.add(handle.get());
			handle.get().descendants().forEach(family::add);
			signal(process, family, "TERM");
			if (awaitExit(family, this.properties.stopTimeout())) {
				note(context, "stopped " + process.name() + " pid " + process.pid());
				continue;
			}
			note(context, process.name() + " pid " + process.pid() + " did not stop within "
					+ this.properties.stopTimeout() + "; killing it");
			signal(process, family, "KILL");
			if (!awaitExit(family, Duration.ofSeconds(10))) {
				throw new StepFailedException("process " + process.name() + " (pid " + process.pid()
						+ ") survived SIGKILL; the host needs a look");
			}
			note(context, "killed " + process.name() + " pid " + process.pid());
		}
		state.processes().forEach((process) -> this.children.remove(process.pid()));
	}

	private Optional<Integer> exitCode(long pid) {
		Process child = this.children.get(pid);
		try {
			// The pid disappears a moment before the JDK records the exit code.
			if (child != null && child.waitFor(1, TimeUnit.SECONDS)) {
				return Optional.of(child.exitValue());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return Optional.empty();
	}

	private void signal(RunningProcess process, List<ProcessHandle> family, String signal) {
		if (process.ownGroup()) {
			runKill(signal, "-" + process.pid());
		}
		for (ProcessHandle member : family) {
			if (member.isAlive()) {
				if (signal.equals("KILL")) {
					member.destroyForcibly();
				}
				else {
					member.destroy();
				}
			}
		}
	}

	private static void runKill(String signal, String target) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, "--", target).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
			kill.waitFor(10, TimeUnit.SECONDS);
		}
		catch (IOException ex) {
			logger.warn("Could not run kill -{} {}: {}", signal, target, ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JobInterruptedException();
		}
	}

	private static boolean awaitExit(List<ProcessHandle> family, Duration timeout) {
		CompletableFuture<?>[] exits = family.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
		try {
			CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return family.stream().noneMatch(ProcessHandle::isAlive);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JobInterruptedException();
		}
	}

	private static void note(StepContext context, String line) {
		if (context != null) {
			context.output(line);
		}
		else {
			logger.info(line);
		}
	}

	// State files

	private Path hostFolder(String hostId) {
		return this.properties.stateDirectory().resolve(hostId);
	}

	Optional<LocalHostState> readState(String hostId) {
		Path file = hostFolder(hostId).resolve(STATE_FILE);
		if (!Files.exists(file)) {
			return Optional.empty();
		}
		try {
			return Optional.of(this.codec.decode(Files.readString(file), LocalHostState.class, file.toString()));
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Unreadable pid file {}: {}", file, ex.getMessage());
			return Optional.empty();
		}
	}

	private void writeState(LocalHostState state) throws IOException {
		Path file = hostFolder(state.hostId()).resolve(STATE_FILE);
		Path temporary = file.resolveSibling(STATE_FILE + ".tmp");
		Files.writeString(temporary, this.codec.encode(state));
		Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	private void deleteState(String hostId) {
		try {
			Files.deleteIfExists(hostFolder(hostId).resolve(STATE_FILE));
		}
		catch (IOException ex) {
			logger.warn("Could not delete the pid file of {}: {}", hostId, ex.getMessage());
		}
	}

	private void deleteHostFolder(String hostId) {
		try (Stream<Path> paths = Files.walk(hostFolder(hostId))) {
			paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
		}
		catch (IOException ex) {
			logger.warn("Could not delete the folder of {}: {}", hostId, ex.getMessage());
		}
	}

	private static LocalSettings requireLocal(HostDefinition host) {
		if (host.local() == null) {
			throw new StepFailedException("host " + host.id() + " has no local section");
		}
		return host.local();
	}

	private static String pidList(List<RunningProcess> processes) {
		return processes.stream().map((process) -> process.name() + " pid " + process.pid()).toList().toString();
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new StepFailedException("no free port: " + ex.getMessage(), ex);
		}
	}

	static String tail(Path log) {
		try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
			long length = file.length();
			long from = Math.max(0, length - LOG_TAIL_BYTES);
			byte[] bytes = new byte[(int) (length - from)];
			file.seek(from);
			file.readFully(bytes);
			return new String(bytes, StandardCharsets.UTF_8).strip();
		}
		catch (IOException ex) {
			return "(no output)";
		}
	}

}

package io.monkeyfleet.provisioner.drivers.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.HostDriver;
import io.monkeyfleet.provisioner.drivers.LocalCommand;
import io.monkeyfleet.provisioner.drivers.Operation;
import io.monkeyfleet.provisioner.drivers.StepContext;
import io.monkeyfleet.provisioner.drivers.StepFailedException;
import io.monkeyfleet.provisioner.drivers.UnsupportedOperationForHostException;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.SshSettings;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.scp.client.ScpClient;
import org.apache.sshd.scp.client.ScpClientCreator;

/**
 * Hosts reached over SSH with Apache MINA SSHD. Host keys are checked against the
 * configured {@code known_hosts}: an unknown or changed key is refused before anything is
 * sent. Every command comes from the host's configured command set; nothing from a
 * request is ever part of one.
 *
 * <p>
 * A reboot reads the host's boot id first, and the host counts as back when SSH answers
 * with a different one; then the job waits for the app's health. Both waits have
 * deadlines, checked at the configured poll interval.
 */
public class SshDriver implements HostDriver, AutoCloseable {

	static final String BOOT_ID_FACT = "bootId:";

	private final SshDriverProperties properties;

	private final SshClient client;

	public SshDriver(SshDriverProperties properties) {
		this.properties = properties;
		this.client = SshClient.setUpDefaultClient();
		this.client.setServerKeyVerifier(
				new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE, properties.knownHosts()));
		this.client.setKeyIdentityProvider(new FileKeyPairProvider(properties.identityFile()));
		this.client.start();
	}

	@Override
	public DriverKind kind() {
		return DriverKind.SSH;
	}

	/** The command sets hosts may name; the configuration checks every host names one. */
	public Set<String> commandSetNames() {
		return this.properties.commandSets().keySet();
	}

	@Override
	public List<Action> plan(Operation operation, HostDefinition host) {
		CommandSet commands = commands(host);
		return switch (operation) {
			case REBOOT -> List.of(Action.NOTE_BOOT_MARKER, Action.REBOOT, Action.AWAIT_REACHABLE,
					Action.AWAIT_NEW_BOOT, Action.AWAIT_HEALTH);
			case RESTART -> List.of(Action.RESTART_SERVICES, Action.AWAIT_HEALTH);
			case DEPLOY -> {
				if (this.properties.playbook() == null && blank(commands.deploy())) {
					throw new UnsupportedOperationForHostException("host '" + host.id()
							+ "' has no deploy command in its command set and no playbook is configured");
				}
				yield List.of(Action.DEPLOY, Action.AWAIT_HEALTH);
			}
			case STOP -> List.of(Action.STOP);
			case START -> List.of(Action.START, Action.AWAIT_HEALTH);
			case MIGRATE_TO -> List.of(Action.COPY, Action.INSTALL, Action.START, Action.AWAIT_HEALTH);
			case LAUNCH, TERMINATE -> throw new UnsupportedOperationForHostException(
					"an ssh host cannot be " + (operation == Operation.LAUNCH ? "launched" : "terminated")
							+ " by the provisioner; use the aws driver for machines it should create or destroy");
		};
	}

	@Override
	public void execute(Action action, HostDefinition host, HostDefinition source, StepContext context) {
		CommandSet commands = commands(host);
		switch (action) {
			case REBOOT -> reboot(host, commands, context);
			case AWAIT_REACHABLE -> awaitBack(host, commands, context);
			case RESTART_SERVICES -> runChecked(host, commands.restart(), context);
			case STOP -> runChecked(host, commands.stop(), context);
			case START -> runChecked(host, commands.start(), context);
			case DEPLOY -> deploy(host, commands, context);
			case COPY -> copy(source, host, context);
			case INSTALL -> install(source, host, commands, context);
			default -> throw new UnsupportedOperationForHostException("the ssh driver has no step " + action);
		}
	}

	@Override
	public Map<String, String> describe(HostDefinition host) {
		return Map.of("ssh", host.ssh().user() + "@" + host.sshHost() + ":" + host.ssh().port(), "commandSet",
				host.ssh().commandSet());
	}

	@Override
	public void close() {
		this.client.stop();
	}

	// Steps

	/**
	 * Reads and remembers the host's boot id, so a later wait knows the host has rebooted
	 * (for machines rebooted another way, such as through EC2).
	 */
	public void recordBootId(HostDefinition host, StepContext context) {
		String bootId = run(host, commands(host).bootId(), this.properties.connectTimeout(), context).requireSuccess()
			.trim();
		context.remember(BOOT_ID_FACT + host.id(), bootId);
		context.output("boot id before the reboot: " + bootId);
	}

	private void reboot(HostDefinition host, CommandSet commands, StepContext context) {
		recordBootId(host, context);
		Result result;
		try {
			result = run(host, commands.reboot(), this.properties.commandTimeout(), context);
		}
		catch (StepFailedException ex) {
			// The machine going down may cut the connection before the command returns.
			context.output("the connection ended during the reboot command, as a reboot does: " + ex.getMessage());
			return;
		}
		if (result.exitStatus() != null && result.exitStatus() != 0) {
			throw new StepFailedException(
					"the reboot command failed with exit status " + result.exitStatus() + ": " + result.errorTail());
		}
		context.output("reboot command sent");
	}

	private void awaitBack(HostDefinition host, CommandSet commands, StepContext context) {
		Optional<String> before = context.fact(BOOT_ID_FACT + host.id());
		context.awaitCondition("ssh on " + host.id(), this.properties.comeBackTimeout(), this.properties.pollInterval(),
				() -> {
					try {
						String now = run(host, commands.bootId(), this.properties.connectTimeout(), context)
							.requireSuccess()
							.trim();
						if (before.isPresent() && before.get().equals(now)) {
							return Optional.of("still the boot id from before the reboot; not down yet");
						}
						context.output(host.id() + " is back with boot id " + now);
						return Optional.empty();
					}
					catch (StepFailedException ex) {
						return Optional.of("not reachable yet: " + ex.getMessage());
					}
				});
	}

	private void deploy(HostDefinition host, CommandSet commands, StepContext context) {
		PlaybookSettings playbook = this.properties.playbook();
		if (playbook == null) {
			runChecked(host, commands.deploy(), context);
			return;
		}
		SshSettings ssh = host.ssh();
		List<String> command = playbook.command()
			.stream()
			.map((argument) -> argument.replace("{host}", host.id())
				.replace("{address}", host.sshHost())
				.replace("{port}", String.valueOf(ssh.port()))
				.replace("{user}", ssh.user()))
			.toList();
		context.output("running " + command.get(0));
		int exit = LocalCommand.run(command, playbook.timeout(), context);
		if (exit != 0) {
			throw new StepFailedException(command.get(0) + " failed with exit code " + exit);
		}
	}

	/**
	 * Copies the source's app folders to the same folders on the target, through the
	 * provisioner (scp down, scp up), so the hosts need no keys for each other.
	 */
	private void copy(HostDefinition source, HostDefinition target, StepContext context) {
		if (source.ssh() == null || source.ssh().appPaths().isEmpty()) {
			context.output("host " + source.id() + " lists no app paths; nothing to copy");
			return;
		}
		Path staging;
		try {
			staging = Files.createTempDirectory("monkeyfleet-migrate-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		try {
			for (String appPath : source.ssh().appPaths()) {
				Path local = staging.resolve(appPath.substring(1));
				Files.createDirectories(local.getParent());
				withSession(source, (session) -> {
					scp(session).download(appPath, local.getParent(), ScpClient.Option.Recursive,
							ScpClient.Option.PreserveAttributes, ScpClient.Option.TargetIsDirectory);
					return null;
				});
				String parent = appPath.substring(0, Math.max(1, appPath.lastIndexOf('/')));
				withSession(target, (session) -> {
					scp(session).upload(local, parent, ScpClient.Option.Recursive, ScpClient.Option.PreserveAttributes,
							ScpClient.Option.TargetIsDirectory);
					return null;
				});
				context.output("copied " + appPath + " from " + source.id() + " to " + target.id());
			}
		}
		catch (IOException ex) {
			throw new StepFailedException(
					"copying from " + source.id() + " to " + target.id() + " failed: " + ex.getMessage(), ex);
		}
		finally {
			deleteRecursively(staging);
		}
	}

	private void install(HostDefinition source, HostDefinition target, CommandSet commands, StepContext context) {
		if (source.packages().isEmpty()) {
			context.output("host " + source.id() + " lists no packages");
			return;
		}
		if (blank(commands.install())) {
			throw new StepFailedException("the command set of " + target.id() + " has no install command");
		}
		for (String name : source.packages()) {
			// Package names matched a strict pattern when the inventory was read; quoting
			// is a second line of defence.
			runChecked(target, commands.install().replace("{package}", "'" + name + "'"), context);
			context.output("installed " + name + " on " + target.id());
		}
	}

	// SSH

	private void runChecked(HostDefinition host, String command, StepContext context) {
		Result result = run(host, command, this.properties.commandTimeout(), context);
		result.requireSuccess();
	}

	private Result run(HostDefinition host, String command, Duration timeout, StepContext context) {
		context.checkCancelled();
		context.output(host.ssh().user() + "@" + host.id() + "$ " + command);
		Result result = withSession(host, (session) -> {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			try (ChannelExec channel = session.createExecChannel(command)) {
				channel.setOut(out);
				channel.setErr(err);
				channel.open().verify(this.properties.connectTimeout());
				Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), timeout);
				if (events.contains(ClientChannelEvent.TIMEOUT)) {
					throw new StepFailedException(
							"'" + command + "' on " + host.id() + " did not end within " + timeout);
				}
				return new Result(command, channel.getExitStatus(), out.toString(StandardCharsets.UTF_8),
						err.toString(StandardCharsets.UTF_8));
			}
		});
		result.lines().forEach(context::output);
		return result;
	}

	private <T> T withSession(HostDefinition host, SessionWork<T> work) {
		SshSettings ssh = host.ssh();
		String where = ssh.user() + "@" + host.sshHost() + ":" + ssh.port();
		try (ClientSession session = this.client.connect(ssh.user(), host.sshHost(), ssh.port())
			.verify(this.properties.connectTimeout())
			.getSession()) {
			session.auth().verify(this.properties.connectTimeout());
			return work.run(session);
		}
		catch (IOException ex) {
			throw new StepFailedException("ssh " + where + " failed: " + rootMessage(ex), ex);
		}
	}

	private static ScpClient scp(ClientSession session) {
		return ScpClientCreator.instance().createScpClient(session);
	}

	private CommandSet commands(HostDefinition host) {
		if (host.ssh() == null) {
			throw new UnsupportedOperationForHostException("host '" + host.id() + "' has no ssh section");
		}
		CommandSet commands = this.properties.commandSets().get(host.ssh().commandSet());
		if (commands == null) {
			throw new UnsupportedOperationForHostException("host '" + host.id() + "' names command set '"
					+ host.ssh().commandSet() + "', which is not configured");
		}
		return commands;
	}

	private static boolean blank(String text) {
		return text == null || text.isBlank();
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
		return (cause == ex) ? message : ex.getMessage() + " (" + message + ")";
	}

	private static void deleteRecursively(Path folder) {
		try (Stream<Path> paths = Files.walk(folder)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// A temporary folder left behind harms nothing.
		}
	}

	@FunctionalInterface
	private interface SessionWork<T> {

		T run(ClientSession session) throws IOException;

	}

	/** What a command printed and how it ended. */
	record Result(String command, Integer exitStatus, String out, String err) {

		/**
		 * @return standard output, when the command succeeded
		 */
		String requireSuccess() {
			if (this.exitStatus == null || this.exitStatus != 0) {
				throw new StepFailedException(
						"'" + this.command + "' failed with exit status " + this.exitStatus + ": " + errorTail());
			}
			return this.out;
		}

		String errorTail() {
			String text = (this.err.isBlank() ? this.out : this.err).strip();
			return (text.length() > 500) ? "…" + text.substring(text.length() - 500) : text;
		}

		List<String> lines() {
			List<String> lines = new ArrayList<>();
			this.out.lines().forEach(lines::add);
			this.err.lines().map((line) -> "stderr: " + line).forEach(lines::add);
			return lines;
		}

	}

}

package io.monkeyfleet.provisioner.drivers.ssh;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.scp.server.ScpCommandFactory;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A machine reached over SSH, in process: a real MINA {@code SshServer} on a free
 * loopback port that accepts one client key, with a command handler that records every
 * command and acts like a small Linux host (a boot id that changes at each reboot, a
 * reboot that takes the SSH server down and brings it back), and scp into a folder.
 */
final class FakeSshHost implements AutoCloseable {

	static final String BOOT_ID = "cat /proc/sys/kernel/random/boot_id";

	static final String REBOOT = "sudo systemctl reboot";

	private final KeyPair hostKey;

	private final PublicKey clientKey;

	private final Path root;

	private final List<String> commands = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService rebooter = Executors.newSingleThreadScheduledExecutor();

	private volatile String bootId = UUID.randomUUID().toString();

	private volatile SshServer server;

	private int port;

	FakeSshHost(PublicKey clientKey, Path root) {
		this.hostKey = generate();
		this.clientKey = clientKey;
		this.root = root;
		start(0);
	}

	static KeyPair generate() {
		try {
			return KeyUtils.generateKeyPair(KeyPairProvider.ECDSA_SHA2_NISTP256, 256);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	int port() {
		return this.port;
	}

	List<String> commands() {
		return List.copyOf(this.commands);
	}

	String bootId() {
		return this.bootId;
	}

	/** This host's line for a {@code known_hosts} file. */
	String knownHostsLine() {
		return knownHostsLine(this.hostKey.getPublic());
	}

	String knownHostsLine(PublicKey key) {
		return "[127.0.0.1]:" + this.port + " " + PublicKeyEntry.toString(key);
	}

	private synchronized void start(int wantedPort) {
		SshServer sshd = SshServer.setUpDefaultServer();
		sshd.setHost("127.0.0.1");
		sshd.setPort(wantedPort);
		sshd.setKeyPairProvider(KeyPairProvider.wrap(this.hostKey));
		sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, this.clientKey));
		sshd.setFileSystemFactory(new VirtualFileSystemFactory(this.root));
		sshd.setCommandFactory(
				new ScpCommandFactory.Builder().withDelegate((channel, command) -> new ScriptedCommand(command))
					.build());
		try {
			sshd.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.server = sshd;
		this.port = sshd.getPort();
	}

	/**
	 * The machine goes down at once and comes back, with a new boot id, shortly after.
	 */
	private void reboot() {
		this.rebooter.execute(() -> {
			stopServer();
			this.bootId = UUID.randomUUID().toString();
			// The fake's boot takes a moment, as a real one does; the driver must wait.
			this.rebooter.schedule(() -> start(this.port), 300, TimeUnit.MILLISECONDS);
		});
	}

	private synchronized void stopServer() {
		try {
			this.server.stop(true);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		this.rebooter.shutdownNow();
		stopServer();
	}

	/** Answers one command as a small Linux host would. */
	private final class ScriptedCommand implements Command {

		private final String command;

		private OutputStream out;

		private OutputStream err;

		private ExitCallback exit;

		ScriptedCommand(String command) {
			this.command = command;
		}

		@Override
		public void start(ChannelSession channel, Environment environment) throws IOException {
			FakeSshHost.this.commands.add(this.command);
			if (this.command.equals(BOOT_ID)) {
				answer(FakeSshHost.this.bootId + "\n", 0);
			}
			else if (this.command.equals(REBOOT)) {
				answer("", 0);
				reboot();
			}
			else if (this.command.startsWith("sudo systemctl ")) {
				answer("", 0);
			}
			else if (this.command.startsWith("sudo apt-get install -y ")) {
				answer("Setting up " + this.command.substring("sudo apt-get install -y ".length()) + "\n", 0);
			}
			else if (this.command.equals("deploy-that-fails")) {
				this.err.write("disk full\n".getBytes(StandardCharsets.UTF_8));
				this.err.flush();
				answer("", 1);
			}
			else {
				this.err.write(("unknown command: " + this.command + "\n").getBytes(StandardCharsets.UTF_8));
				this.err.flush();
				answer("", 127);
			}
		}

		private void answer(String output, int status) throws IOException {
			this.out.write(output.getBytes(StandardCharsets.UTF_8));
			this.out.flush();
			this.exit.onExit(status);
		}

		@Override
		public void destroy(ChannelSession channel) {
		}

		@Override
		public void setInputStream(java.io.InputStream in) {
		}

		@Override
		public void setOutputStream(OutputStream out) {
			this.out = out;
		}

		@Override
		public void setErrorStream(OutputStream err) {
			this.err = err;
		}

		@Override
		public void setExitCallback(ExitCallback callback) {
			this.exit = callback;
		}

	}

}

package io.monkeyfleet.provisioner.drivers.docker;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.monkeyfleet.provisioner.drivers.StepFailedException;
import io.monkeyfleet.store.KeySchema;

/**
 * Agent users made with {@code ACL SETUSER} on a connection of their own, as the user
 * configured under {@code monkeyfleet.provisioner.docker.credentials} (such as
 * {@code enroller}: {@code -@all +@connection -@dangerous +acl|setuser +acl|deluser
 * +acl|save}), and kept across a Redis restart with {@code ACL SAVE} (Redis runs with an
 * ACL file).
 *
 * <p>
 * <strong>This credential is as strong as Redis's administrator.</strong> Redis does not
 * limit what a user created with {@code ACL SETUSER} may do, so whoever holds it can mint
 * a user with every right. That is why it lives only here, in the provisioner, which
 * already holds the Docker socket (root on the Docker host): it adds no power that
 * process did not have. No other service, and no node, ever gets it.
 *
 * <p>
 * The connection is made on first use, so a provisioner that never launches a docker node
 * needs no such user.
 */
public class RedisAgentCredentials implements AgentCredentials, AutoCloseable {

	/** 32 random bytes, 64 hex characters: far past guessing, and safe in any file. */
	private static final int PASSWORD_BYTES = 32;

	private final DockerDriverProperties.Credentials settings;

	private final KeySchema keys;

	/**
	 * Always a {@link SecureRandom}, never the application's (possibly seeded) random
	 * generator: an agent's password must not be predictable by anyone.
	 */
	private final SecureRandom random;

	private RedisClient client;

	private StatefulRedisConnection<String, String> connection;

	public RedisAgentCredentials(DockerDriverProperties.Credentials settings, KeySchema keys, SecureRandom random) {
		this.settings = settings;
		this.keys = keys;
		this.random = random;
	}

	@Override
	public String create(String hostId) {
		byte[] bytes = new byte[PASSWORD_BYTES];
		this.random.nextBytes(bytes);
		String password = HexFormat.of().formatHex(bytes);
		CommandArgs<String, String> setUser = new CommandArgs<>(StringCodec.UTF8).add("SETUSER")
			.add(AgentCredentials.userName(hostId))
			.add("reset")
			.add("on")
			.add(">" + password);
		for (String rule : this.keys.agentAclRules(hostId).split(" ")) {
			setUser.add(rule);
		}
		run("ACL SETUSER " + AgentCredentials.userName(hostId), () -> {
			connection().sync().dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8), setUser);
			save();
			return null;
		});
		return password;
	}

	@Override
	public void delete(String hostId) {
		run("ACL DELUSER " + AgentCredentials.userName(hostId), () -> {
			connection().sync()
				.dispatch(CommandType.ACL, new IntegerOutput<>(StringCodec.UTF8),
						new CommandArgs<>(StringCodec.UTF8).add("DELUSER").add(AgentCredentials.userName(hostId)));
			save();
			return null;
		});
	}

	private void save() {
		connection().sync()
			.dispatch(CommandType.ACL, new StatusOutput<>(StringCodec.UTF8),
					new CommandArgs<>(StringCodec.UTF8).add("SAVE"));
	}

	private <T> T run(String what, Supplier<T> command) {
		try {
			return command.get();
		}
		catch (RedisException ex) {
			// Never the arguments: SETUSER's carry the password.
			throw new StepFailedException(what + " as Redis user '" + this.settings.username() + "' on "
					+ this.settings.host() + ":" + this.settings.port() + " failed: " + firstLine(ex.getMessage()));
		}
	}

	private synchronized StatefulRedisConnection<String, String> connection() {
		if (this.connection == null || !this.connection.isOpen()) {
			if (this.client == null) {
				this.client = RedisClient.create(RedisURI.builder()
					.withHost(this.settings.host())
					.withPort(this.settings.port())
					.withAuthentication(this.settings.username(), this.settings.password().toCharArray())
					.withTimeout(this.settings.timeout())
					.build());
			}
			this.connection = this.client.connect();
		}
		return this.connection;
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "no message";
		}
		int newline = message.indexOf('\n');
		return (newline >= 0) ? message.substring(0, newline) : message;
	}

	@Override
	public synchronized void close() {
		if (this.connection != null) {
			this.connection.close();
			this.connection = null;
		}
		if (this.client != null) {
			this.client.shutdown();
			this.client = null;
		}
	}

}

package io.monkeyfleet.provisioner.drivers.docker;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The docker driver. Whoever can reach the engine's socket is root on its machine, so
 * this driver only ever acts on containers labelled {@code io.monkeyfleet.fleet=<fleet>}.
 *
 * @param host the engine's API: {@code unix:///var/run/docker.sock} (default), or
 * {@code tcp://host:2375} for a socket proxy in front of it
 * @param fleet the value of the {@code io.monkeyfleet.fleet} label on every container
 * this driver may touch, and that it puts on every container it launches
 * @param stopTimeout how long a container has to stop after {@code SIGTERM} before the
 * engine kills it, unless a host or template says otherwise
 * @param pollInterval how often a container's state is read while waiting for it
 * @param requestTimeout how long one Engine API call may take (a stop waits for its stop
 * timeout inside the call, so this is longer)
 * @param credentials the Redis connection that creates each launched agent's own Redis
 * user; needed only to launch and terminate nodes
 */
@Validated
@ConfigurationProperties("monkeyfleet.provisioner.docker")
public record DockerDriverProperties(@DefaultValue("unix:///var/run/docker.sock") @NotNull URI host,
		@DefaultValue("monkeyfleet") @NotNull String fleet, @DefaultValue("10s") @NotNull Duration stopTimeout,
		@DefaultValue("500ms") @NotNull Duration pollInterval, @DefaultValue("2m") @NotNull Duration requestTimeout,
		@Valid Credentials credentials) {

	/** A fleet label value: one word an operator can type in a label filter. */
	public static final String FLEET = "[a-z0-9][a-z0-9._-]{0,62}";

	public DockerDriverProperties {
		if (host == null || !(("unix".equals(host.getScheme()) && host.getPath() != null && !host.getPath().isEmpty())
				|| ("tcp".equals(host.getScheme()) && host.getHost() != null && host.getPort() > 0))) {
			throw new IllegalArgumentException("monkeyfleet.provisioner.docker.host '" + host
					+ "' must be unix:///path/to/docker.sock or tcp://host:port");
		}
		if (fleet == null || !fleet.matches(FLEET)) {
			throw new IllegalArgumentException(
					"monkeyfleet.provisioner.docker.fleet '" + fleet + "' must match " + FLEET);
		}
		if (stopTimeout == null || stopTimeout.isNegative()) {
			throw new IllegalArgumentException(
					"monkeyfleet.provisioner.docker.stop-timeout must be zero or more, was " + stopTimeout);
		}
		if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException(
					"monkeyfleet.provisioner.docker.poll-interval must be more than zero, was " + pollInterval);
		}
		if (requestTimeout == null || requestTimeout.compareTo(stopTimeout.plusSeconds(5)) < 0) {
			throw new IllegalArgumentException("monkeyfleet.provisioner.docker.request-timeout (" + requestTimeout
					+ ") must be at least the stop-timeout (" + stopTimeout + ") plus 5s: a stop call waits for it");
		}
	}

	/**
	 * The Redis user that mints agent users: {@code ACL SETUSER}, {@code ACL DELUSER} and
	 * {@code ACL SAVE}. Minting users is as strong as being Redis's administrator (a new
	 * user may be given any rule), so this password lives only here, in the provisioner
	 * that already holds the Docker socket.
	 *
	 * @param host Redis's host
	 * @param port Redis's port
	 * @param username the user, such as {@code enroller}
	 * @param password its password (use a config tree file, never a plain property in a
	 * file under version control)
	 * @param timeout how long one command may take
	 */
	public record Credentials(@NotBlank String host, @DefaultValue("6379") @Min(1) @Max(65535) int port,
			@NotBlank String username, @NotBlank String password, @DefaultValue("5s") @NotNull Duration timeout) {

		public Credentials {
			if (host == null || host.isBlank() || username == null || username.isBlank() || password == null
					|| password.isEmpty()) {
				throw new IllegalArgumentException(
						"monkeyfleet.provisioner.docker.credentials needs host, username and password");
			}
			if (port < 1 || port > 65535) {
				throw new IllegalArgumentException(
						"monkeyfleet.provisioner.docker.credentials.port must be 1 to 65535, was " + port);
			}
			timeout = (timeout != null) ? timeout : Duration.ofSeconds(5);
		}

		/** Never the password. */
		@Override
		public String toString() {
			return "Credentials[" + this.username + "@" + this.host + ":" + this.port + "]";
		}

	}

}

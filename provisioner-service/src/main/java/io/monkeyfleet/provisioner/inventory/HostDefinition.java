package io.monkeyfleet.provisioner.inventory;

import java.util.List;

import io.monkeyfleet.model.NodeAddress;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A host the provisioner may act on: from the configured inventory, or launched (or
 * migrated to) by the provisioner itself and then kept in Redis.
 *
 * @param id the host's id, which requests name; a fleet name
 * @param driver how the host is reached
 * @param address where the host's app listens, {@code host:port}; health checks and smoke
 * tests go there
 * @param healthPath the app's health path, answered with 200 when healthy
 * @param packages what a migration installs on a target host before starting this host's
 * service there
 * @param local the processes, for a {@code local} host
 * @param ssh how to log in, for an {@code ssh} host (optional for an {@code aws} host,
 * which then restarts and deploys over SSH)
 * @param aws the instance, for an {@code aws} host
 * @param launchedFrom the launch template a launched host came from; {@code null} for a
 * configured host
 * @param docker the containers' settings, for a {@code docker} host
 * @param nodeId the fleet node this host runs, whose agent's samples (its boot marker)
 * prove a reboot; by default the host id, as monkey-service assumes for a node without a
 * {@code host} label
 */
public record HostDefinition(@NotNull @Pattern(regexp = Names.ID) String id, @NotNull DriverKind driver,
		@NotNull String address, @DefaultValue("/health") @Pattern(regexp = HostDefinition.HTTP_PATH) String healthPath,
		List<@Pattern(regexp = Names.PACKAGE) String> packages, @Valid LocalSettings local, @Valid SshSettings ssh,
		@Valid AwsSettings aws, String launchedFrom, @Valid DockerSettings docker,
		@Pattern(regexp = Names.ID) String nodeId) {

	/** An HTTP path: no scheme, host, spaces or {@code ..}. */
	public static final String HTTP_PATH = "/[A-Za-z0-9/._~=&?-]{0,200}";

	/**
	 * Binding (and the codec) use this one; the shorter one is for hosts without docker.
	 */
	@ConstructorBinding
	public HostDefinition {
		Names.require(id, Names.ID, "host id");
		if (driver == null) {
			throw new IllegalArgumentException("host '" + id + "' needs a driver (local, ssh, aws or docker)");
		}
		NodeAddress.parse(address);
		healthPath = (healthPath != null) ? healthPath : "/health";
		Names.require(healthPath, HTTP_PATH, "host '" + id + "' health-path");
		if (healthPath.contains("..")) {
			throw new IllegalArgumentException("host '" + id + "' health-path must not contain '..'");
		}
		packages = (packages != null) ? List.copyOf(packages) : List.of();
		packages.forEach((name) -> Names.require(name, Names.PACKAGE, "host '" + id + "' package"));
		nodeId = (nodeId != null) ? nodeId : id;
		Names.require(nodeId, Names.ID, "host '" + id + "' node-id");
		switch (driver) {
			case LOCAL -> requireSettings(id, local, "local");
			case SSH -> requireSettings(id, ssh, "ssh");
			case AWS -> requireSettings(id, aws, "aws");
			case DOCKER -> requireSettings(id, docker, "docker");
		}
	}

	/** A host whose node has the host's id. */
	public HostDefinition(String id, DriverKind driver, String address, String healthPath, List<String> packages,
			LocalSettings local, SshSettings ssh, AwsSettings aws, String launchedFrom, DockerSettings docker) {
		this(id, driver, address, healthPath, packages, local, ssh, aws, launchedFrom, docker, null);
	}

	/** A host of any driver but docker, whose node has the host's id. */
	public HostDefinition(String id, DriverKind driver, String address, String healthPath, List<String> packages,
			LocalSettings local, SshSettings ssh, AwsSettings aws, String launchedFrom) {
		this(id, driver, address, healthPath, packages, local, ssh, aws, launchedFrom, null, null);
	}

	private static void requireSettings(String id, Object settings, String name) {
		if (settings == null) {
			throw new IllegalArgumentException(
					"host '" + id + "' uses the " + name + " driver and needs a '" + name + "' section");
		}
	}

	public NodeAddress appAddress() {
		return NodeAddress.parse(this.address);
	}

	/** The address an SSH client connects to. */
	public String sshHost() {
		return (this.ssh != null && this.ssh.host() != null) ? this.ssh.host() : appAddress().host();
	}

	/**
	 * This host with other local processes (a migration target taking a service over).
	 */
	public HostDefinition withLocal(LocalSettings newLocal) {
		return new HostDefinition(this.id, this.driver, this.address, this.healthPath, this.packages, newLocal,
				this.ssh, this.aws, this.launchedFrom, this.docker, this.nodeId);
	}

}

package io.monkeyfleet.provisioner.inventory;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a new host is launched from. A launched host is named
 * {@code <template>-<random hex>} and kept in Redis until it is terminated.
 *
 * @param name the template's name, which a launch request names
 * @param driver {@code local} (a new process group on a free port), {@code aws} (a new
 * EC2 instance) or {@code docker} (a new app container and its agent)
 * @param appPort the port the app listens on, for {@code aws} and {@code docker} (a
 * {@code local} host gets a free port)
 * @param healthPath the app's health path
 * @param packages copied to the launched host's definition
 * @param local the processes of a {@code local} host
 * @param aws the EC2 launch template
 * @param ssh how to log in to a launched {@code aws} instance (its private IP is filled
 * in), if restarts and deploys should work on it
 * @param docker the images, network and environment of a {@code docker} node
 */
public record LaunchTemplate(@NotNull @Pattern(regexp = Names.ID) String name, @NotNull DriverKind driver,
		@DefaultValue("8080") @Min(1) @Max(65535) int appPort,
		@DefaultValue("/health") @Pattern(regexp = HostDefinition.HTTP_PATH) String healthPath,
		List<@Pattern(regexp = Names.PACKAGE) String> packages, @Valid LocalSettings local,
		@Valid AwsLaunchSettings aws, @Valid SshSettings ssh, @Valid DockerLaunchSettings docker) {

	/**
	 * A docker template's name: one DNS label, so the launched container's name
	 * ({@code <name>-<hex>}) resolves on the network.
	 */
	public static final String DNS_LABEL = "[a-z0-9]([a-z0-9-]{0,48}[a-z0-9])?";

	/** Binding (and the codec) use this one; the shorter one is for the other drivers. */
	@ConstructorBinding
	public LaunchTemplate {
		Names.require(name, Names.ID, "launch template name");
		if (driver == DriverKind.SSH || driver == null) {
			throw new IllegalArgumentException(
					"launch template '" + name + "': only the local, aws and docker drivers can launch hosts");
		}
		if (driver == DriverKind.DOCKER && docker == null) {
			throw new IllegalArgumentException("launch template '" + name + "' needs a 'docker' section");
		}
		if (driver == DriverKind.DOCKER && !name.matches(DNS_LABEL)) {
			throw new IllegalArgumentException("launch template '" + name
					+ "' launches containers reached by name, so its name must be a DNS label: lower-case letters,"
					+ " digits and '-', at most 50");
		}
		if (driver == DriverKind.LOCAL && local == null) {
			throw new IllegalArgumentException("launch template '" + name + "' needs a 'local' section");
		}
		if (driver == DriverKind.AWS && aws == null) {
			throw new IllegalArgumentException("launch template '" + name + "' needs an 'aws' section");
		}
		healthPath = (healthPath != null) ? healthPath : "/health";
		packages = (packages != null) ? List.copyOf(packages) : List.of();
	}

	/** A template for any driver but docker. */
	public LaunchTemplate(String name, DriverKind driver, int appPort, String healthPath, List<String> packages,
			LocalSettings local, AwsLaunchSettings aws, SshSettings ssh) {
		this(name, driver, appPort, healthPath, packages, local, aws, ssh, null);
	}

}

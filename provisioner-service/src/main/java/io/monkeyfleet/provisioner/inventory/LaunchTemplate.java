package io.monkeyfleet.provisioner.inventory;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What a new host is launched from. A launched host is named
 * {@code <template>-<random hex>} and kept in Redis until it is terminated.
 *
 * @param name the template's name, which a launch request names
 * @param driver {@code local} (a new process group on a free port) or {@code aws} (a new
 * EC2 instance)
 * @param appPort the port the app listens on, for {@code aws} (a {@code local} host gets
 * a free port)
 * @param healthPath the app's health path
 * @param packages copied to the launched host's definition
 * @param local the processes of a {@code local} host
 * @param aws the EC2 launch template
 * @param ssh how to log in to a launched {@code aws} instance (its private IP is filled
 * in), if restarts and deploys should work on it
 */
public record LaunchTemplate(@NotNull @Pattern(regexp = Names.ID) String name, @NotNull DriverKind driver,
		@DefaultValue("8080") @Min(1) @Max(65535) int appPort,
		@DefaultValue("/health") @Pattern(regexp = HostDefinition.HTTP_PATH) String healthPath,
		List<@Pattern(regexp = Names.PACKAGE) String> packages, @Valid LocalSettings local,
		@Valid AwsLaunchSettings aws, @Valid SshSettings ssh) {

	public LaunchTemplate {
		Names.require(name, Names.ID, "launch template name");
		if (driver == DriverKind.SSH || driver == null) {
			throw new IllegalArgumentException(
					"launch template '" + name + "': only the local and aws drivers can launch hosts");
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

}

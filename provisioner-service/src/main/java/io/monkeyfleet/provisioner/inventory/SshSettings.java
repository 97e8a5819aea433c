package io.monkeyfleet.provisioner.inventory;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How to reach a host over SSH.
 *
 * @param host the SSH host name or address; empty means the host's app address
 * @param port the SSH port
 * @param user the login user
 * @param commandSet the name of the command set (reboot, restart, deploy, ...) this host
 * uses
 * @param appPaths the folders that hold the app and its data, copied by a migration
 */
public record SshSettings(String host, @DefaultValue("22") @Min(1) @Max(65535) int port,
		@NotBlank @Pattern(regexp = "[a-z_][a-z0-9_-]{0,31}") String user,
		@NotNull @Pattern(regexp = Names.ID) String commandSet, List<@Pattern(regexp = Names.PATH) String> appPaths) {

	public SshSettings {
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("ssh port must be between 1 and 65535, was " + port);
		}
		Names.require(user, "[a-z_][a-z0-9_-]{0,31}", "ssh user");
		Names.require(commandSet, Names.ID, "ssh command-set");
		appPaths = (appPaths != null) ? List.copyOf(appPaths) : List.of();
		appPaths.forEach((path) -> Names.require(path, Names.PATH, "ssh app path"));
		host = (host != null && !host.isBlank()) ? host : null;
	}

	/** The same settings for another address (a launched instance's private IP). */
	public SshSettings withHost(String newHost) {
		return new SshSettings(newHost, this.port, this.user, this.commandSet, this.appPaths);
	}

}

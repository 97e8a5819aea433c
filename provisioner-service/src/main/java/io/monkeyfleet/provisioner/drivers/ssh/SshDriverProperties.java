package io.monkeyfleet.provisioner.drivers.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ssh driver: how the provisioner logs in, what it trusts, and what it runs.
 *
 * @param knownHosts the {@code known_hosts} file every host key is checked against; an
 * unknown or changed key is refused
 * @param identityFile the private key the provisioner logs in with (OpenSSH or PEM
 * format)
 * @param connectTimeout how long connecting and logging in may take
 * @param commandTimeout how long one command may run
 * @param comeBackTimeout how long a rebooted host has to answer SSH with a new boot id
 * @param pollInterval how often a rebooting host is tried
 * @param commandSets the named sets of commands hosts refer to
 * @param playbook if set, deploys run this {@code ansible-playbook} instead of the
 * command set's deploy command
 */
@Validated
@ConfigurationProperties("monkeyfleet.provisioner.ssh")
public record SshDriverProperties(Path knownHosts, Path identityFile,
		@DefaultValue("10s") @NotNull Duration connectTimeout, @DefaultValue("10m") @NotNull Duration commandTimeout,
		@DefaultValue("10m") @NotNull Duration comeBackTimeout, @DefaultValue("5s") @NotNull Duration pollInterval,
		Map<String, @Valid CommandSet> commandSets, @Valid PlaybookSettings playbook) {

	public SshDriverProperties {
		String home = System.getProperty("user.home");
		knownHosts = (knownHosts != null) ? knownHosts : Path.of(home, ".ssh", "known_hosts");
		identityFile = (identityFile != null) ? identityFile : Path.of(home, ".ssh", "id_ed25519");
		commandSets = (commandSets != null) ? Map.copyOf(commandSets) : Map.of();
	}

}

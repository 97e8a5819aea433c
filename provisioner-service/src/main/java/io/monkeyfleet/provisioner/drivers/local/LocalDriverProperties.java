package io.monkeyfleet.provisioner.drivers.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The local driver: hosts that are process groups on the provisioner's own machine.
 *
 * @param stateDirectory where each host's pid file and process logs are kept; a restarted
 * provisioner finds the processes its predecessor left here. Default:
 * {@code monkeyfleet-local} in the temporary folder
 * @param stopTimeout how long a process group has to end after {@code SIGTERM} before it
 * gets {@code SIGKILL}
 * @param staleProcesses what to do with processes a previous provisioner left running
 * @param stopOnShutdown whether stopping the provisioner stops every local host (on for
 * the local stack and tests; off keeps the fleet up across a provisioner restart)
 * @param installCommand the command a migration runs once per package to install on a
 * local host, with {@code {package}} as one argument; empty reports the packages and
 * installs nothing
 * @param commandTimeout how long an install command may run
 */
@Validated
@ConfigurationProperties("monkeyfleet.provisioner.local")
public record LocalDriverProperties(Path stateDirectory, @DefaultValue("10s") @NotNull Duration stopTimeout,
		@DefaultValue("adopt") @NotNull StaleProcessPolicy staleProcesses,
		@DefaultValue("false") boolean stopOnShutdown, List<String> installCommand,
		@DefaultValue("5m") @NotNull Duration commandTimeout) {

	public LocalDriverProperties {
		stateDirectory = (stateDirectory != null) ? stateDirectory
				: Path.of(System.getProperty("java.io.tmpdir"), "monkeyfleet-local");
		installCommand = (installCommand != null) ? List.copyOf(installCommand) : List.of();
	}

}

package io.monkeyfleet.provisioner.inventory;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One process of a local host (the app, its agent). The command is an argument list run
 * without a shell; its elements may use {@code {java}} (this JVM's {@code java}),
 * {@code {host}} (the host id), {@code {port}} (the host's app port) and {@code {dir}}
 * (the host's state folder). Nothing from a request is ever put into it.
 *
 * @param name names the process and its log file
 * @param command the program and its arguments
 * @param environment added to the provisioner's environment
 */
public record ProcessDefinition(@NotNull @Pattern(regexp = Names.ID) String name,
		@NotEmpty List<@NotNull String> command, Map<String, String> environment) {

	public ProcessDefinition {
		Names.require(name, Names.ID, "process name");
		if (command == null || command.isEmpty()) {
			throw new IllegalArgumentException("process '" + name + "' needs a command");
		}
		command = List.copyOf(command);
		environment = (environment != null) ? Map.copyOf(environment) : Map.of();
	}

}

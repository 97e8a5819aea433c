package io.monkeyfleet.provisioner.inventory;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A host that is a group of processes on the provisioner's machine.
 *
 * @param processes started in this order, stopped in the reverse order; empty for a
 * standby host that gets its processes by migration
 * @param bootTime how long a reboot keeps the host down between stop and start, like a
 * real machine's boot
 */
public record LocalSettings(@Valid List<ProcessDefinition> processes, @DefaultValue("1s") @NotNull Duration bootTime) {

	public LocalSettings {
		processes = (processes != null) ? List.copyOf(processes) : List.of();
		if (bootTime == null || bootTime.isNegative()) {
			throw new IllegalArgumentException("local boot-time must be zero or more, was " + bootTime);
		}
		if (processes.stream().map(ProcessDefinition::name).distinct().count() != processes.size()) {
			throw new IllegalArgumentException("local process names must be unique");
		}
	}

}

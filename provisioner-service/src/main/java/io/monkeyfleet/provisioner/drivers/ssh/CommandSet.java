package io.monkeyfleet.provisioner.drivers.ssh;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The commands run on an SSH host, as the host's login shell runs them. They come only
 * from configuration; the one placeholder, {@code {package}} in {@code install}, is
 * filled with a package name from the inventory that matched a strict pattern, quoted.
 *
 * @param reboot reboots the machine
 * @param restart restarts the app's services
 * @param stop stops the app's services (a cluster restart's first half)
 * @param start starts the app's services
 * @param deploy deploys or provisions the app; empty when deploys use the configured
 * playbook
 * @param install installs one package, {@code {package}}, for a migration
 * @param bootId prints an id that changes at every boot, so a reboot is known to have
 * happened
 */
public record CommandSet(@DefaultValue("sudo systemctl reboot") @NotBlank String reboot, @NotBlank String restart,
		@NotBlank String stop, @NotBlank String start, String deploy,
		@DefaultValue("sudo apt-get install -y {package}") String install,
		@DefaultValue("cat /proc/sys/kernel/random/boot_id") @NotBlank String bootId) {

}

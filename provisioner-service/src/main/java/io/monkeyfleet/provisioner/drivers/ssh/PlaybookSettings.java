package io.monkeyfleet.provisioner.drivers.ssh;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A deploy through {@code ansible-playbook}, run on the provisioner's machine as an
 * argument list (no shell). Its arguments may use {@code {host}} (the host id),
 * {@code {address}} (the SSH address), {@code {port}} (the SSH port) and {@code {user}},
 * all from the inventory.
 *
 * @param command for example {@code [ansible-playbook, -i, "{address},", -u, "{user}",
 * /etc/monkeyfleet/site.yml]}
 * @param timeout how long a playbook run may take
 */
public record PlaybookSettings(@NotEmpty List<String> command, @DefaultValue("30m") @NotNull Duration timeout) {

}

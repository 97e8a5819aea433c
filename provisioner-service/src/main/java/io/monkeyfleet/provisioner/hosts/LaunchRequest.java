package io.monkeyfleet.provisioner.hosts;

import io.monkeyfleet.provisioner.inventory.Names;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Launch a new host.
 *
 * @param template a launch template's name from the configuration
 * @param reason why, kept with the job
 */
public record LaunchRequest(@NotNull @Pattern(regexp = Names.ID) String template, @Size(max = 500) String reason) {

}

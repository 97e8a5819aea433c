package io.monkeyfleet.provisioner.hosts;

import io.monkeyfleet.provisioner.inventory.Names;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Move a host's service to another host.
 *
 * @param target the host that takes the service over, from the inventory
 * @param reason why, kept with the job
 */
public record MigrateRequest(@NotNull @Pattern(regexp = Names.ID) String target, @Size(max = 500) String reason) {

}

package io.monkeyfleet.provisioner.hosts;

import jakarta.validation.constraints.Size;

/**
 * The optional body of a reboot, restart, deploy or terminate.
 *
 * @param reason why, kept with the job (never executed)
 */
public record HostActionRequest(@Size(max = 500) String reason) {

}

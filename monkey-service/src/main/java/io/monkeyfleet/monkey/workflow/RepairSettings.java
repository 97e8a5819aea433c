package io.monkeyfleet.monkey.workflow;

import java.time.Duration;

import io.monkeyfleet.monkey.guard.RepairBudget;

/**
 * How long each step of a repair may take before it counts as failed, and the budget that
 * decides between retrying and quarantining.
 *
 * @param drainTimeout reboot anyway if in-flight requests have not finished by then
 * @param rebootTimeout the provisioner's reboot job must have finished by then
 * @param recoveryTimeout the node must have shown K healthy samples by then
 * @param budget repairs (every reboot counts) allowed per node, with backoff between them
 */
public record RepairSettings(Duration drainTimeout, Duration rebootTimeout, Duration recoveryTimeout,
		RepairBudget budget) {

	public static final RepairSettings DEFAULTS = new RepairSettings(Duration.ofSeconds(30), Duration.ofMinutes(5),
			Duration.ofMinutes(3), RepairBudget.DEFAULTS);

}

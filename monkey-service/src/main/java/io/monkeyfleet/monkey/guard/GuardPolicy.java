package io.monkeyfleet.monkey.guard;

/**
 * The switches and limits every monkey's proposals pass through.
 *
 * @param dryRun record what would be done, do nothing (a fresh install starts here)
 * @param enabled the global switch: off, nothing is done or recorded as would-be
 * @param doctorEnabled the doctor's own switch (repairs and admissions)
 * @param maxRemediationsInFlight repairs in flight fleet-wide at any instant
 * @param budget how often one node may be repaired
 */
public record GuardPolicy(boolean dryRun, boolean enabled, boolean doctorEnabled, int maxRemediationsInFlight,
		RepairBudget budget) {

	public GuardPolicy {
		if (maxRemediationsInFlight < 1) {
			throw new IllegalArgumentException(
					"maxRemediationsInFlight must be at least 1, was " + maxRemediationsInFlight);
		}
		if (budget == null) {
			throw new IllegalArgumentException("budget is required");
		}
	}

}

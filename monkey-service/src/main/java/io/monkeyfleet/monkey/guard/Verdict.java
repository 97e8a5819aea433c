package io.monkeyfleet.monkey.guard;

import io.monkeyfleet.monkey.rules.Proposal;

/**
 * What the guard rails decided about one proposal.
 *
 * @param proposal the proposal judged
 * @param outcome what happens to it
 * @param guard the guard rail that decided, for a refusal or a conversion
 * @param why in words an operator reads
 */
public record Verdict(Proposal proposal, Outcome outcome, String guard, String why) {

	public enum Outcome {

		/** Carry it out. */
		CARRY_OUT,
		/** Record it only: the monkey is in dry-run. */
		DRY_RUN,
		/** Do not carry it out now; it may be proposed again later. */
		REFUSE,
		/**
		 * The node is past its repair budget: quarantine it instead of repairing it
		 * again.
		 */
		QUARANTINE

	}

	static Verdict carryOut(Proposal proposal) {
		return new Verdict(proposal, Outcome.CARRY_OUT, null, "approved");
	}

	static Verdict refuse(Proposal proposal, String guard, String why) {
		return new Verdict(proposal, Outcome.REFUSE, guard, why);
	}

}

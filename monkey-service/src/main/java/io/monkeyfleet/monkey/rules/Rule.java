package io.monkeyfleet.monkey.rules;

import java.util.List;

import io.monkeyfleet.monkey.fleet.FleetView;

/**
 * A pure function of what the monkey sees: proposals, never actions. The same view always
 * gives the same proposals, in the same order.
 */
public interface Rule {

	String name();

	List<Proposal> propose(FleetView view);

}

package io.monkeyfleet.gateway.balancing;

import java.util.List;

/** Chooses one node out of a pool's candidates, which are never empty and in id order. */
interface Strategy {

	int choose(List<Candidate> candidates);

}

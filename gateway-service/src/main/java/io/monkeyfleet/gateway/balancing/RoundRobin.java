package io.monkeyfleet.gateway.balancing;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Each candidate in turn, blind to load. */
final class RoundRobin implements Strategy {

	private final AtomicInteger next = new AtomicInteger();

	@Override
	public int choose(List<Candidate> candidates) {
		return Math.floorMod(this.next.getAndIncrement(), candidates.size());
	}

}

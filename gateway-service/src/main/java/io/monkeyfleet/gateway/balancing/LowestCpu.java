package io.monkeyfleet.gateway.balancing;

import java.util.List;

/**
 * The lowest CPU reading wins; ties and unknowns go to the lowest id. Deliberately naive:
 * between two samples every request goes to the same node, which is why it herds.
 */
final class LowestCpu implements Strategy {

	@Override
	public int choose(List<Candidate> candidates) {
		int best = 0;
		double bestCpu = Double.POSITIVE_INFINITY;
		for (int i = 0; i < candidates.size(); i++) {
			double cpu = candidates.get(i).cpuKnown() ? candidates.get(i).cpuPercent() : Double.POSITIVE_INFINITY;
			if (cpu < bestCpu) {
				best = i;
				bestCpu = cpu;
			}
		}
		return best;
	}

}

package io.monkeyfleet.monkey.guard;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.rules.Monkey;

/**
 * What the guard rails need besides the proposals.
 *
 * @param view this tick's view of the fleet
 * @param nodesInWorkflows nodes a workflow is already working on
 * @param remediationsInFlight workflows in flight that keep a node out of rotation
 * (repairs, scale-ins, a rolling restart's current node)
 * @param busyPools the monkeys with a workflow in flight, by pool
 * @param repairStarts when each node's earlier repairs started (for its budget)
 * @param lastStart when a monkey last started a workflow in a pool (for cooldowns)
 */
public record GuardContext(FleetView view, Set<String> nodesInWorkflows, int remediationsInFlight,
		Map<String, Set<Monkey>> busyPools, Function<String, List<Instant>> repairStarts,
		BiFunction<Monkey, String, Optional<Instant>> lastStart) {

	public GuardContext {
		nodesInWorkflows = Set.copyOf(nodesInWorkflows);
		busyPools = Map.copyOf(busyPools);
	}

	/**
	 * Only repairs in flight: no pool work, no cooldowns (what the doctor alone needs).
	 */
	public static GuardContext ofRepairs(FleetView view, Set<String> nodesInRepair,
			Function<String, List<Instant>> repairStarts) {
		return new GuardContext(view, nodesInRepair, nodesInRepair.size(), Map.of(), repairStarts,
				(monkey, pool) -> Optional.empty());
	}

	Set<Monkey> busyIn(String pool) {
		return this.busyPools.getOrDefault(pool, Set.of());
	}

}

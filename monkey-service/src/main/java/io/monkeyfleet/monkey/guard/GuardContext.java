package io.monkeyfleet.monkey.guard;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import io.monkeyfleet.monkey.fleet.FleetView;

/**
 * What the guard rails need besides the proposals.
 *
 * @param view this tick's view of the fleet
 * @param nodesInWorkflows nodes a workflow is already working on
 * @param repairStarts when each node's earlier repairs started (for its budget)
 */
public record GuardContext(FleetView view, Set<String> nodesInWorkflows, Function<String, List<Instant>> repairStarts) {

	public GuardContext {
		nodesInWorkflows = Set.copyOf(nodesInWorkflows);
	}

}

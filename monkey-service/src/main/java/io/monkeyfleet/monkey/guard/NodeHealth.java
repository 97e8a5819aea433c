package io.monkeyfleet.monkey.guard;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.rules.DoctorPolicy;

/**
 * Whether a node looks healthy right now, judged on its latest sample alone (the guard
 * rails' quick look, where the doctor waits for a streak): ACTIVE, a live sample, the app
 * not DOWN, CPU under the hot threshold.
 */
final class NodeHealth {

	private NodeHealth() {
	}

	static boolean looksHealthy(FleetView view, String nodeId, DoctorPolicy policy) {
		if (view.stateOf(nodeId) != NodeState.ACTIVE) {
			return false;
		}
		return view.snapshot()
			.sample(nodeId)
			.map((sample) -> sample.appHealth() != AppHealth.DOWN && sample.cpuPercent() < policy.cpuThreshold())
			.orElse(false);
	}

}

package io.monkeyfleet.monkey.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.fleet.FleetView;

/**
 * Admits a {@code JOINING} node to {@code ACTIVE} once it has shown K consecutive healthy
 * samples taken after it registered. (A repaired node's way back, from
 * {@code RECOVERING}, is its repair workflow's last step and uses the same test.)
 */
public final class AdmissionRule implements Rule {

	private final Function<String, DoctorPolicy> policyOfPool;

	public AdmissionRule(Function<String, DoctorPolicy> policyOfPool) {
		this.policyOfPool = policyOfPool;
	}

	@Override
	public String name() {
		return "admission";
	}

	@Override
	public List<Proposal> propose(FleetView view) {
		List<Proposal> proposals = new ArrayList<>();
		for (Node node : view.snapshot().nodes().values()) {
			if (onStandbyHost(view, node)) {
				// A standby host's service is admitted only by the migration that hands
				// it
				// a pool's traffic.
				continue;
			}
			view.snapshot()
				.status(node.id())
				.filter((status) -> status.state() == NodeState.JOINING)
				.flatMap((status) -> HealthyStreak.of(view.history(), node.id(), status.since(), view.now(),
						this.policyOfPool.apply(node.pool())))
				.ifPresent((streak) -> proposals.add(new Proposal(Action.ADMIT, node.id(), node.pool(),
						streak.size() + " consecutive healthy samples", Evidence.of(streak), name())));
		}
		return proposals;
	}

	static boolean onStandbyHost(FleetView view, Node node) {
		io.monkeyfleet.model.Pool pool = view.snapshot().pools().get(node.pool());
		return pool != null && pool.standbyHosts().contains(node.labels().getOrDefault("host", node.id()));
	}

}

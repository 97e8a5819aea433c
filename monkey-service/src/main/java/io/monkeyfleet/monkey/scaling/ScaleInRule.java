package io.monkeyfleet.monkey.scaling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.fleet.LaunchedHost;
import io.monkeyfleet.monkey.fleet.PoolLoad;
import io.monkeyfleet.monkey.rules.Action;
import io.monkeyfleet.monkey.rules.Proposal;
import io.monkeyfleet.monkey.rules.Rule;

/**
 * Scale-in: proposes removing one node of a pool that averaged below the threshold for
 * its whole stabilization window. Only a node the gift monkey launched and nobody
 * protected (label {@code protected=true}) is removable, the newest first; the pool's
 * minimum size and work under way are the guard rails' call.
 */
public final class ScaleInRule implements Rule {

	/** A node label that keeps scale-in away from the node. */
	public static final String PROTECTED_LABEL = "protected";

	private final Supplier<ScalingPolicy> policy;

	public ScaleInRule(Supplier<ScalingPolicy> policy) {
		this.policy = policy;
	}

	@Override
	public String name() {
		return "scale-in";
	}

	@Override
	public List<Proposal> propose(FleetView view) {
		ScalingPolicy current = this.policy.get();
		List<Proposal> proposals = new ArrayList<>();
		for (String pool : view.snapshot().pools().keySet()) {
			if (!view.poolLoad().below(pool, current.scaleInCpuThreshold(), current.scaleInWindow(), view.now())) {
				continue;
			}
			removable(view, pool).ifPresent((victim) -> {
				List<PoolLoad.Entry> averages = view.poolLoad().of(pool);
				double highest = averages.stream().mapToDouble(PoolLoad.Entry::averageCpu).max().orElse(0);
				Map<String, String> evidence = new LinkedHashMap<>();
				evidence.put("highestAverageCpu", String.format(java.util.Locale.ROOT, "%.1f", highest));
				evidence.put("threshold", String.format(java.util.Locale.ROOT, "%.1f", current.scaleInCpuThreshold()));
				evidence.put("window", current.scaleInWindow().toSeconds() + "s");
				evidence.put("launchedAt", view.launched().get(victim.id()).launchedAt().toString());
				proposals.add(new Proposal(Action.SCALE_IN, victim.id(), pool, String.format(java.util.Locale.ROOT,
						"pool stayed below %.0f%% CPU for %d s (highest average %.1f%%); removing the newest launched node",
						current.scaleInCpuThreshold(), current.scaleInWindow().toSeconds(), highest), evidence,
						name()));
			});
		}
		return proposals;
	}

	private static Optional<Node> removable(FleetView view, String pool) {
		return view.nodesIn(pool, NodeState.ACTIVE)
			.stream()
			.filter((node) -> view.launched().containsKey(node.id()))
			.filter((node) -> !"true".equalsIgnoreCase(node.labels().get(PROTECTED_LABEL)))
			.max(Comparator.comparing((Node node) -> view.launched().get(node.id()).launchedAt())
				.thenComparing(Node::id));
	}

}

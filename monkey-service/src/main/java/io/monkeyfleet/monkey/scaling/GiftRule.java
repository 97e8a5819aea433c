package io.monkeyfleet.monkey.scaling;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.rules.Action;
import io.monkeyfleet.monkey.rules.Proposal;
import io.monkeyfleet.monkey.rules.Rule;

/**
 * The gift monkey: proposes one more node for a pool whose warmed-up ACTIVE nodes average
 * at least the threshold over their newest samples, or where the doctor asked for a
 * replacement before it may repair the pool's last healthy node. Whether the launch
 * happens (cooldown, maximum size, a launch already in flight) is the guard rails' call.
 */
public final class GiftRule implements Rule {

	private final Supplier<ScalingPolicy> policy;

	private final java.time.Duration sampleFreshness;

	public GiftRule(Supplier<ScalingPolicy> policy, java.time.Duration sampleFreshness) {
		this.policy = policy;
		this.sampleFreshness = sampleFreshness;
	}

	@Override
	public String name() {
		return "gift";
	}

	@Override
	public List<Proposal> propose(FleetView view) {
		ScalingPolicy current = this.policy.get();
		Set<String> pools = new TreeSet<>();
		view.snapshot().nodes().values().forEach((node) -> pools.add(node.pool()));
		pools.addAll(view.replacementsWanted().keySet());
		List<Proposal> proposals = new ArrayList<>();
		for (String pool : pools) {
			String replacement = view.replacementsWanted().get(pool);
			if (replacement != null) {
				proposals.add(new Proposal(Action.LAUNCH, null, pool, "replacement first: " + replacement,
						Map.of("trigger", "replacement"), name()));
				continue;
			}
			hot(view, pool, current).ifPresent(proposals::add);
		}
		return proposals;
	}

	private java.util.Optional<Proposal> hot(FleetView view, String pool, ScalingPolicy policy) {
		Instant now = view.now();
		double sum = 0;
		int samples = 0;
		List<String> counted = new ArrayList<>();
		for (Node node : view.nodesIn(pool, NodeState.ACTIVE)) {
			NodeStatus status = view.snapshot().status(node.id()).orElseThrow();
			if (status.since().isAfter(now.minus(policy.warmUp()))) {
				continue;
			}
			List<MetricsSample> newest = view.history().newest(node.id(), policy.giftSamples());
			if (newest.size() < policy.giftSamples()
					|| newest.get(newest.size() - 1).sampledAt().isBefore(now.minus(this.sampleFreshness))) {
				continue;
			}
			for (MetricsSample sample : newest) {
				sum += sample.cpuPercent();
				samples++;
			}
			counted.add(node.id());
		}
		if (counted.isEmpty()) {
			return java.util.Optional.empty();
		}
		double average = sum / samples;
		if (average < policy.giftCpuThreshold()) {
			return java.util.Optional.empty();
		}
		Map<String, String> evidence = new LinkedHashMap<>();
		evidence.put("trigger", "hot");
		evidence.put("averageCpu", String.format(java.util.Locale.ROOT, "%.1f", average));
		evidence.put("threshold", String.format(java.util.Locale.ROOT, "%.1f", policy.giftCpuThreshold()));
		evidence.put("samplesPerNode", String.valueOf(policy.giftSamples()));
		evidence.put("nodes", String.join(",", counted));
		return java.util.Optional.of(new Proposal(Action.LAUNCH, null, pool,
				String.format(java.util.Locale.ROOT,
						"pool averages %.1f%% CPU over %d warmed-up node(s) (threshold %.0f%%)", average,
						counted.size(), policy.giftCpuThreshold()),
				evidence, name()));
	}

}

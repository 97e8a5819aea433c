package io.monkeyfleet.monkey.migration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.guard.GuardRails;
import io.monkeyfleet.monkey.rules.Action;
import io.monkeyfleet.monkey.rules.Proposal;
import io.monkeyfleet.monkey.rules.Rule;

/**
 * The migration monkey: proposes handing an ACTIVE node's service to a standby host of
 * its pool when the node's memory stayed at or above the threshold for its last samples
 * and a standby host has headroom: either it runs nothing the fleet knows of (a cold
 * standby), or its agent reports it healthy with memory below the threshold (a warm one).
 */
public final class MigrationRule implements Rule {

	private final Supplier<MigrationPolicy> policy;

	private final java.time.Duration sampleFreshness;

	public MigrationRule(Supplier<MigrationPolicy> policy, java.time.Duration sampleFreshness) {
		this.policy = policy;
		this.sampleFreshness = sampleFreshness;
	}

	@Override
	public String name() {
		return "migration";
	}

	@Override
	public List<Proposal> propose(FleetView view) {
		MigrationPolicy current = this.policy.get();
		List<Proposal> proposals = new ArrayList<>();
		for (Pool pool : view.snapshot().pools().values()) {
			if (pool.standbyHosts().isEmpty()) {
				continue;
			}
			for (Node node : view.nodesIn(pool.name(), NodeState.ACTIVE)) {
				List<MetricsSample> newest = view.history().newest(node.id(), current.samples());
				if (newest.size() < current.samples()
						|| newest.get(newest.size() - 1).sampledAt().isBefore(view.now().minus(this.sampleFreshness))
						|| !newest.stream().allMatch((s) -> s.memoryPercent() >= current.memoryThreshold())) {
					continue;
				}
				Optional<String> target = standbyWithHeadroom(view, pool, current);
				if (target.isEmpty()) {
					continue;
				}
				Map<String, String> evidence = new LinkedHashMap<>();
				evidence.put("target", target.get());
				evidence.put("memoryPercent",
						newest.stream()
							.map((s) -> String.format(Locale.ROOT, "%.1f", s.memoryPercent()))
							.reduce((a, b) -> a + "," + b)
							.orElse(""));
				evidence.put("threshold", String.format(Locale.ROOT, "%.1f", current.memoryThreshold()));
				proposals.add(new Proposal(Action.MIGRATE, node.id(), pool.name(),
						String.format(Locale.ROOT, "memory at or above %.0f%% for %d samples (latest %.1f%%)",
								current.memoryThreshold(), current.samples(),
								newest.get(newest.size() - 1).memoryPercent()),
						evidence, name()));
			}
		}
		return proposals;
	}

	private Optional<String> standbyWithHeadroom(FleetView view, Pool pool, MigrationPolicy policy) {
		for (String host : pool.standbyHosts()) {
			Optional<Node> running = view.snapshot()
				.nodes()
				.values()
				.stream()
				.filter((node) -> GuardRails.hostOf(node).equals(host))
				.findFirst();
			if (running.isEmpty()) {
				return Optional.of(host);
			}
			boolean roomy = view.stateOf(running.get().id()) == NodeState.JOINING && view.snapshot()
				.sample(running.get().id())
				.filter((s) -> !s.sampledAt().isBefore(view.now().minus(this.sampleFreshness)))
				.map((s) -> s.memoryPercent() < policy.memoryThreshold())
				.orElse(false);
			if (roomy) {
				return Optional.of(host);
			}
		}
		return Optional.empty();
	}

}

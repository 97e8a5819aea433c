package io.monkeyfleet.monkey.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.monkey.fleet.FleetView;

/**
 * The doctor: proposes to repair an {@code ACTIVE} node that is hung (no live sample for
 * longer than the heartbeat timeout), whose app fails its health probe K samples in a
 * row, that runs hot for N consecutive samples, or that gateways keep ejecting. A node
 * still in its grace period is not judged, and a missing sample never counts as a healthy
 * one.
 */
public final class DoctorRule implements Rule {

	private final Function<String, DoctorPolicy> policyOfPool;

	public DoctorRule(Function<String, DoctorPolicy> policyOfPool) {
		this.policyOfPool = policyOfPool;
	}

	@Override
	public String name() {
		return "doctor";
	}

	@Override
	public List<Proposal> propose(FleetView view) {
		List<Proposal> proposals = new ArrayList<>();
		for (Node node : view.snapshot().nodes().values()) {
			Optional<NodeStatus> status = view.snapshot().status(node.id());
			if (status.isEmpty() || status.get().state() != NodeState.ACTIVE) {
				continue;
			}
			DoctorPolicy policy = this.policyOfPool.apply(node.pool());
			if (status.get().since().plus(policy.gracePeriod()).isAfter(view.now())) {
				continue;
			}
			diagnose(view, node, status.get(), policy).ifPresent(proposals::add);
		}
		return proposals;
	}

	private Optional<Proposal> diagnose(FleetView view, Node node, NodeStatus status, DoctorPolicy policy) {
		Instant now = view.now();
		if (view.snapshot().sample(node.id()).isEmpty()) {
			// No live sample: hung, dead, or its agent is. Judged against the last time
			// this monkey
			// saw one, or the moment it became ACTIVE if it never did.
			Instant lastSeen = view.history().lastSeen(node.id()).orElse(status.since());
			Duration silent = Duration.between(lastSeen, now);
			if (silent.compareTo(policy.heartbeatTimeout()) > 0) {
				return Optional.of(repair(
						node, "no heartbeat for " + silent.toSeconds() + " s (limit "
								+ policy.heartbeatTimeout().toSeconds() + " s)",
						Map.of("lastSeen", lastSeen.toString())));
			}
			return Optional.empty();
		}
		List<MetricsSample> unhealthy = view.history().newest(node.id(), policy.unhealthySamples());
		if (unhealthy.size() == policy.unhealthySamples()
				&& unhealthy.stream().allMatch((sample) -> sample.appHealth() == AppHealth.DOWN)) {
			return Optional.of(repair(node, "app health DOWN in " + policy.unhealthySamples() + " consecutive samples",
					Evidence.of(unhealthy)));
		}
		List<MetricsSample> hot = view.history().newest(node.id(), policy.hotSamples());
		if (hot.size() == policy.hotSamples()
				&& hot.stream().allMatch((sample) -> sample.cpuPercent() >= policy.cpuThreshold())) {
			return Optional.of(repair(node, "CPU at or above " + (int) policy.cpuThreshold() + "% in "
					+ policy.hotSamples() + " consecutive samples", Evidence.of(hot)));
		}
		int ejected = view.traffic().ejectedTicks(node.id());
		if (ejected >= policy.ejectedTicks()) {
			return Optional.of(repair(node, "ejected by the gateways for " + ejected + " ticks in a row",
					Map.of("ejectedTicks", String.valueOf(ejected))));
		}
		return Optional.empty();
	}

	private Proposal repair(Node node, String reason, Map<String, String> evidence) {
		return new Proposal(Action.REPAIR, node.id(), node.pool(), reason, evidence, name());
	}

}

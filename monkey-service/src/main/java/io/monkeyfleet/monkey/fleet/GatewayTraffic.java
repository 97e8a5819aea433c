package io.monkeyfleet.monkey.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.monkeyfleet.model.GatewayReport;
import io.monkeyfleet.store.FleetSnapshot;
import io.monkeyfleet.store.FleetStore;

/**
 * The gateways' traffic reports, summed: requests in flight to each node over every fresh
 * report (a report older than {@code freshness} belongs to a gateway that stopped or lost
 * Redis, and is not trusted), and for how many ticks some gateway has kept each node
 * ejected since its ejections began (its streak).
 * <p>
 * A gateway lets a request through when an ejection ends, and a node whose path still
 * fails is ejected again at once: the short gap between two ejections (up to
 * {@code gapTolerance}, with no request answered by the node) does not end the streak, it
 * only does not add to it. A request the node answered, a gap past the tolerance, or a
 * change of the node's lifecycle state ends it: a node drained, repaired and admitted
 * again starts from zero, whatever a gateway still remembers of it from before. Not
 * thread-safe: the tick owns it.
 */
public final class GatewayTraffic implements TrafficSource {

	private final FleetStore store;

	private final Duration freshness;

	private final Duration gapTolerance;

	private final Map<String, Streak> streaks = new HashMap<>();

	/**
	 * Requests each node answered without an error, over every fresh report, last tick.
	 */
	private final Map<String, Long> answered = new HashMap<>();

	public GatewayTraffic(FleetStore store, Duration freshness, Duration gapTolerance) {
		this.store = store;
		this.freshness = freshness;
		this.gapTolerance = gapTolerance;
	}

	@Override
	public TrafficView read(FleetSnapshot snapshot, Instant now) {
		Map<String, Long> stateVersions = new HashMap<>();
		snapshot.statuses().forEach((nodeId, status) -> stateVersions.put(nodeId, status.version()));
		return summarize(this.store.gatewayReports(), stateVersions, now);
	}

	/**
	 * @param stateVersions each node's lifecycle state version (a node without one has
	 * none)
	 */
	TrafficView summarize(List<GatewayReport> reports, Map<String, Long> stateVersions, Instant now) {
		List<GatewayReport> fresh = reports.stream()
			.filter((report) -> !report.writtenAt().isBefore(now.minus(this.freshness)))
			.toList();
		Map<String, Integer> inFlight = new HashMap<>();
		Set<String> ejectedNow = new HashSet<>();
		Map<String, Long> answeredNow = new HashMap<>();
		for (GatewayReport report : fresh) {
			report.nodes().forEach((nodeId, traffic) -> {
				inFlight.merge(nodeId, traffic.inFlight(), Integer::sum);
				answeredNow.merge(nodeId, traffic.requests() - traffic.errors(), Long::sum);
				if (traffic.ejectedUntil() != null && traffic.ejectedUntil().isAfter(now)) {
					ejectedNow.add(nodeId);
				}
			});
		}
		this.streaks.entrySet().removeIf((entry) -> {
			String nodeId = entry.getKey();
			Streak streak = entry.getValue();
			boolean answeredSince = !ejectedNow.contains(nodeId)
					&& answeredNow.getOrDefault(nodeId, 0L) > this.answered.getOrDefault(nodeId, Long.MAX_VALUE);
			return !Objects.equals(stateVersions.get(nodeId), streak.stateVersion) || answeredSince
					|| streak.lastEjected.plus(this.gapTolerance).isBefore(now);
		});
		ejectedNow.forEach((nodeId) -> this.streaks.merge(nodeId, new Streak(1, now, stateVersions.get(nodeId)),
				(streak, one) -> streak.extended(now)));
		this.answered.clear();
		this.answered.putAll(answeredNow);
		Map<String, Integer> ejectedTicks = new HashMap<>();
		this.streaks.forEach((nodeId, streak) -> ejectedTicks.put(nodeId, streak.ticks));
		return new TrafficView(fresh.size(), inFlight, ejectedTicks);
	}

	/**
	 * A node's ejection streak: ticks it was seen ejected, the last of them, and its
	 * lifecycle state version when the streak began.
	 */
	private record Streak(int ticks, Instant lastEjected, Long stateVersion) {

		Streak extended(Instant now) {
			return new Streak(this.ticks + 1, now, this.stateVersion);
		}

	}

}

package io.monkeyfleet.monkey.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.monkeyfleet.model.GatewayReport;
import io.monkeyfleet.store.FleetSnapshot;
import io.monkeyfleet.store.FleetStore;

/**
 * The gateways' traffic reports, summed: requests in flight to each node over every fresh
 * report (a report older than {@code freshness} belongs to a gateway that stopped or lost
 * Redis, and is not trusted), and for how many ticks some gateway has kept each node
 * ejected since its ejections began. A gateway lets a request through when an ejection
 * ends, and a node whose path still fails is ejected again at once: the short gap between
 * two ejections (up to {@code gapTolerance}, with no request answered by the node) does
 * not end the streak, it only does not add to it. A request the node answered, or a gap
 * past the tolerance, ends it. Not thread-safe: the tick owns it.
 */
public final class GatewayTraffic implements TrafficSource {

	private final FleetStore store;

	private final Duration freshness;

	private final Duration gapTolerance;

	private final Map<String, Integer> ejectedTicks = new HashMap<>();

	private final Map<String, Instant> lastEjected = new HashMap<>();

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
		return summarize(this.store.gatewayReports(), now);
	}

	TrafficView summarize(List<GatewayReport> reports, Instant now) {
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
		ejectedNow.forEach((nodeId) -> {
			this.ejectedTicks.merge(nodeId, 1, Integer::sum);
			this.lastEjected.put(nodeId, now);
		});
		this.lastEjected.entrySet()
			.removeIf((last) -> last.getValue().plus(this.gapTolerance).isBefore(now)
					|| (!ejectedNow.contains(last.getKey()) && answeredNow.getOrDefault(last.getKey(),
							0L) > this.answered.getOrDefault(last.getKey(), Long.MAX_VALUE)));
		this.answered.clear();
		this.answered.putAll(answeredNow);
		this.ejectedTicks.keySet().retainAll(this.lastEjected.keySet());
		return new TrafficView(fresh.size(), inFlight, this.ejectedTicks);
	}

}

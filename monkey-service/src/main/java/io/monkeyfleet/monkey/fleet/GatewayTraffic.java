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
 * Redis, and is not trusted), and for how many consecutive ticks some gateway has kept
 * each node ejected. Not thread-safe: the tick owns it.
 */
public final class GatewayTraffic implements TrafficSource {

	private final FleetStore store;

	private final Duration freshness;

	private final Map<String, Integer> ejectedTicks = new HashMap<>();

	public GatewayTraffic(FleetStore store, Duration freshness) {
		this.store = store;
		this.freshness = freshness;
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
		for (GatewayReport report : fresh) {
			report.nodes().forEach((nodeId, traffic) -> {
				inFlight.merge(nodeId, traffic.inFlight(), Integer::sum);
				if (traffic.ejectedUntil() != null && traffic.ejectedUntil().isAfter(now)) {
					ejectedNow.add(nodeId);
				}
			});
		}
		this.ejectedTicks.keySet().retainAll(ejectedNow);
		ejectedNow.forEach((nodeId) -> this.ejectedTicks.merge(nodeId, 1, Integer::sum));
		return new TrafficView(fresh.size(), inFlight, this.ejectedTicks);
	}

}

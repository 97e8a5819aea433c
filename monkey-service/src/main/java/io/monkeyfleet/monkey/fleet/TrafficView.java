package io.monkeyfleet.monkey.fleet;

import java.util.Map;
import java.util.Optional;

/**
 * What the gateways report of their traffic to each node, summed over the fresh reports.
 *
 * @param freshGateways how many gateways reported recently; with none, in-flight counts
 * are unknown
 * @param inFlight requests in flight to each node, over all fresh reports
 * @param ejectedTicks for each node some gateway keeps out of its rotation, for how many
 * ticks in its current lifecycle state that has been so (see {@link GatewayTraffic})
 */
public record TrafficView(int freshGateways, Map<String, Integer> inFlight, Map<String, Integer> ejectedTicks) {

	public static final TrafficView NONE = new TrafficView(0, Map.of(), Map.of());

	public TrafficView {
		inFlight = Map.copyOf(inFlight);
		ejectedTicks = Map.copyOf(ejectedTicks);
	}

	/**
	 * Requests in flight to the node across all gateways; empty when no gateway reported
	 * lately (unknown, which is not zero).
	 */
	public Optional<Integer> inFlight(String nodeId) {
		return (this.freshGateways > 0) ? Optional.of(this.inFlight.getOrDefault(nodeId, 0)) : Optional.empty();
	}

	/**
	 * For how many ticks a gateway has kept the node ejected in its current streak; 0 if
	 * it has none.
	 */
	public int ejectedTicks(String nodeId) {
		return this.ejectedTicks.getOrDefault(nodeId, 0);
	}

}

package io.monkeyfleet.model;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One gateway's view of its own traffic, per node, rewritten about once a second. A
 * report older than a few seconds belongs to a gateway that stopped or lost Redis:
 * readers ignore it rather than trust its in-flight counts.
 *
 * @param gatewayId the gateway replica that wrote it
 * @param writtenAt when (the gateway's clock)
 * @param nodes traffic by node id, in id order
 */
public record GatewayReport(String gatewayId, Instant writtenAt, Map<String, NodeTraffic> nodes) {

	/** More would not fit the "compact" promise; a pool has at most a few hundred. */
	private static final int MAX_NODES = 10_000;

	public GatewayReport {
		Require.name(gatewayId, "gateway id");
		Require.present(writtenAt, "writtenAt");
		if (nodes == null) {
			nodes = Map.of();
		}
		if (nodes.size() > MAX_NODES) {
			throw new IllegalArgumentException("gateway report has " + nodes.size() + " nodes, at most " + MAX_NODES);
		}
		nodes.forEach((id, traffic) -> {
			Require.name(id, "node id");
			Require.present(traffic, "traffic of node '" + id + "'");
		});
		nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
	}

}

package io.monkeyfleet.monkey.fleet;

import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.monkeyfleet.model.Node;
import io.monkeyfleet.ssrf.AddressGuard;
import io.monkeyfleet.ssrf.AddressRules;
import io.monkeyfleet.store.FleetSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaves out of the monkeys' view every node whose address is an IP literal no node can
 * have: link-local and cloud metadata addresses ({@code 169.254.169.254}), "this host".
 * Such a record was written by someone other than an agent (poisoned data): the monkeys
 * neither admit, repair nor count it, and say so once per node. Host names are left to
 * the gateway, which resolves and guards them when it connects; loopback is the gateway's
 * call too (the local profile runs its nodes on loopback).
 */
public final class NodeAddressFilter {

	private static final Logger logger = LoggerFactory.getLogger(NodeAddressFilter.class);

	private static final Pattern IPV4_LITERAL = Pattern.compile("[0-9.]+");

	private final AddressGuard guard = new AddressRules(List.of("0.0.0.0/0", "::/0"),
			AddressRules.DEFAULT_DENIED_NETWORKS, true, List.of("1-65535"))
		.guard((host) -> {
			throw new UnknownHostException(host);
		});

	private Set<String> refused = Set.of();

	/**
	 * {@code snapshot} without the nodes at refused addresses (and their states and
	 * samples).
	 */
	public FleetSnapshot filter(FleetSnapshot snapshot) {
		Set<String> refusedNow = new HashSet<>();
		for (Node node : snapshot.nodes().values()) {
			String host = node.address().host();
			boolean literal = host.contains(":") || IPV4_LITERAL.matcher(host).matches();
			if (literal
					&& this.guard.check(host, node.address().port()) instanceof AddressGuard.Verdict.Denied denied) {
				refusedNow.add(node.id());
				if (!this.refused.contains(node.id())) {
					logger.warn("Ignoring node '{}' of pool '{}' at {}:{}: {}; the monkeys neither act on nor count it",
							node.id(), node.pool(), host, node.address().port(), denied.reason());
				}
			}
		}
		this.refused = Set.copyOf(refusedNow);
		if (refusedNow.isEmpty()) {
			return snapshot;
		}
		return new FleetSnapshot(snapshot.readAt(), without(snapshot.nodes(), refusedNow),
				without(snapshot.statuses(), refusedNow), without(snapshot.samples(), refusedNow), snapshot.pools(),
				snapshot.routes());
	}

	private static <T> SortedMap<String, T> without(SortedMap<String, T> map, Set<String> ids) {
		SortedMap<String, T> kept = new TreeMap<>(map);
		kept.keySet().removeAll(ids);
		return kept;
	}

}

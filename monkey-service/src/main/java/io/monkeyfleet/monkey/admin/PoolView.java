package io.monkeyfleet.monkey.admin;

import java.util.List;
import java.util.Map;

/**
 * One pool as the admin API shows it.
 *
 * @param name the pool
 * @param minSize never drained below this many healthy nodes
 * @param maxSize never grown above this many nodes
 * @param standbyHosts hosts kept ready for migration
 * @param nodes how many nodes it has
 * @param states how many are in each lifecycle state
 * @param breakerOpen whether the acting replica's circuit breaker for it is open
 * @param defined whether the pool has a definition; nodes may name a pool nobody defined
 */
public record PoolView(String name, Integer minSize, Integer maxSize, List<String> standbyHosts, int nodes,
		Map<String, Integer> states, boolean breakerOpen, boolean defined) {
}

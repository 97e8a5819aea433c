package io.monkeyfleet.model;

import java.util.List;

/**
 * A set of interchangeable nodes serving one service, with the bounds scaling must
 * respect.
 *
 * @param name unique; a {@link Require#name name}
 * @param minSize never scale in or drain below this many healthy nodes
 * @param maxSize never scale out above this many nodes; at least 1 and at least
 * {@code minSize}
 * @param standbyHosts provisioner host ids kept ready to take this pool's service over
 * (migration)
 */
public record Pool(String name, int minSize, int maxSize, List<String> standbyHosts) {

	public Pool {
		Require.name(name, "pool name");
		if (minSize < 0) {
			throw new IllegalArgumentException("pool '" + name + "': minSize must not be negative, was " + minSize);
		}
		if (maxSize < 1 || maxSize < minSize) {
			throw new IllegalArgumentException("pool '" + name + "': maxSize must be at least 1 and at least minSize ("
					+ minSize + "), was " + maxSize);
		}
		standbyHosts = Require.list(standbyHosts, "standbyHosts", 64);
		standbyHosts.forEach((host) -> Require.name(host, "standby host id"));
	}

}

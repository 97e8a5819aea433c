package io.monkeyfleet.monkey.admin;

import java.time.Instant;
import java.util.List;

/**
 * What the acting replica published about itself in its last tick, so that any replica's
 * API can show it.
 *
 * @param replicaId the acting replica
 * @param tickAt when its last tick acted
 * @param fencingToken its lease's fencing token
 * @param openBreakers pools whose circuit breaker is open, in name order
 */
public record LeaderStatus(String replicaId, Instant tickAt, long fencingToken, List<String> openBreakers) {

	public LeaderStatus {
		openBreakers = (openBreakers != null) ? List.copyOf(openBreakers) : List.of();
	}

}

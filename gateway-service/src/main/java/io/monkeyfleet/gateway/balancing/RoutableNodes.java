package io.monkeyfleet.gateway.balancing;

import java.util.List;

/**
 * The nodes of a pool that may take requests now, from the gateway's in-memory snapshot:
 * {@code ACTIVE}, with a fresh heartbeat, past the address guard. Never a Redis call.
 */
@FunctionalInterface
public interface RoutableNodes {

	List<FleetServiceInstance> routable(String pool);

}

package io.monkeyfleet.monkey.fleet;

import java.time.Instant;

import io.monkeyfleet.store.FleetSnapshot;

/** Where the gateways' view of their traffic comes from, read once per tick. */
@FunctionalInterface
public interface TrafficSource {

	TrafficView read(FleetSnapshot snapshot, Instant now);

}

package io.monkeyfleet.monkey;

import java.util.function.Supplier;

import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.guard.CircuitBreaker;
import io.monkeyfleet.monkey.guard.GuardContext;
import io.monkeyfleet.monkey.guard.GuardRails;

/**
 * What the leader's tick hands its {@link LeaderDuty duties}: the view it acted on, the
 * guard rails it judged with (so a duty judges by the same rails and the same breakers),
 * the work in flight, and its lease.
 *
 * @param view this tick's view of the fleet
 * @param guardRails the guard rails of this tick
 * @param breaker the circuit breakers, as this tick left them
 * @param context the work in flight as it is when asked (read afresh each time, so a duty
 * that starts work sees it)
 * @param fencingToken the leader's fencing token, for destructive calls
 * @param replicaId the acting replica
 */
public record LeaderTick(FleetView view, GuardRails guardRails, CircuitBreaker breaker, Supplier<GuardContext> context,
		long fencingToken, String replicaId) {
}

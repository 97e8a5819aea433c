package io.monkeyfleet.monkey.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.monkeyfleet.monkey.fleet.FleetView;

/**
 * Whether a node taken out of rotation may be acted on: no gateway reports a request in
 * flight to it, or the drain timeout passed.
 *
 * @param done whether to go on
 * @param how in words, for the event
 */
public record Drain(boolean done, String how) {

	public static Drain of(FleetView view, String nodeId, Instant drainingSince, Duration timeout) {
		Optional<Integer> inFlight = view.traffic().inFlight(nodeId);
		if (inFlight.map((count) -> count == 0).orElse(false)) {
			return new Drain(true, "drained: no request in flight at any gateway");
		}
		if (!view.now().isBefore(drainingSince.plus(timeout))) {
			return new Drain(true, "drain timeout (" + timeout.toSeconds() + " s) passed with "
					+ inFlight.map((n) -> n + " request(s) in flight").orElse("no gateway report"));
		}
		return new Drain(false, "draining");
	}

}

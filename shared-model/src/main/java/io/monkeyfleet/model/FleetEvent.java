package io.monkeyfleet.model;

import java.time.Instant;
import java.util.Map;

/**
 * Something that happened to the fleet, kept so an operator can see who did what, why,
 * and on what evidence.
 *
 * @param time when it happened
 * @param type what happened
 * @param nodeId the node concerned, or {@code null} for a pool- or fleet-wide event
 * @param pool the pool concerned, or {@code null}
 * @param reason why, in words an operator reads
 * @param evidence what the decision rested on, in the order gathered (for example the
 * samples that crossed a threshold, or {@code from}/{@code to} for a transition)
 * @param actor who acted: {@code agent:node-1}, {@code monkey:doctor},
 * {@code operator:alice}
 */
public record FleetEvent(Instant time, EventType type, String nodeId, String pool, String reason,
		Map<String, String> evidence, String actor) {

	public FleetEvent {
		Require.present(time, "event time");
		Require.present(type, "event type");
		Require.optionalName(nodeId, "event node id");
		Require.optionalName(pool, "event pool");
		Require.text(reason, "event reason", 1000);
		evidence = Require.labels(evidence, "evidence", 64, 2000);
		Require.text(actor, "event actor", 128);
	}

}

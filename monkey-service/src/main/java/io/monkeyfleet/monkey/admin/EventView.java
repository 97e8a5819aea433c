package io.monkeyfleet.monkey.admin;

import java.time.Instant;
import java.util.Map;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.store.StoredEvent;

/**
 * A fleet event as the API shows it, with its id in the event stream (ids grow with time;
 * pass one as {@code before} to page back, or as {@code Last-Event-ID} to resume the live
 * stream).
 *
 * @param id the event's id in the stream
 * @param time when it happened
 * @param type what happened
 * @param nodeId the node concerned, or {@code null}
 * @param pool the pool concerned, or {@code null}
 * @param reason why, in words
 * @param evidence what the decision rested on
 * @param actor who acted
 */
public record EventView(String id, Instant time, EventType type, String nodeId, String pool, String reason,
		Map<String, String> evidence, String actor) {

	static EventView of(StoredEvent stored) {
		return new EventView(stored.id(), stored.event().time(), stored.event().type(), stored.event().nodeId(),
				stored.event().pool(), stored.event().reason(), stored.event().evidence(), stored.event().actor());
	}

}

package io.monkeyfleet.monkey.admin;

import java.time.Instant;
import java.util.Set;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.store.StoredEvent;

/**
 * Which events a reader wants: at or after a moment, about a node, about a pool, of some
 * types. An absent criterion matches everything.
 *
 * @param since the earliest time, or {@code null}
 * @param nodeId the node, or {@code null}
 * @param pool the pool, or {@code null}
 * @param types the types, or empty for all
 */
record EventFilter(Instant since, String nodeId, String pool, Set<EventType> types) {

	EventFilter {
		types = (types != null) ? Set.copyOf(types) : Set.of();
	}

	boolean matches(StoredEvent stored) {
		return (this.since == null || !stored.event().time().isBefore(this.since))
				&& (this.nodeId == null || this.nodeId.equals(stored.event().nodeId()))
				&& (this.pool == null || this.pool.equals(stored.event().pool()))
				&& (this.types.isEmpty() || this.types.contains(stored.event().type()));
	}

	/** Whether an event with this stream id is older than {@code since}. */
	boolean beforeSince(String streamId) {
		if (this.since == null) {
			return false;
		}
		int dash = streamId.indexOf('-');
		long millis = Long.parseLong((dash > 0) ? streamId.substring(0, dash) : streamId);
		return millis < this.since.toEpochMilli();
	}

}

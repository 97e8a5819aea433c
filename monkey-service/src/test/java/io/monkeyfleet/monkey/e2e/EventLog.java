package io.monkeyfleet.monkey.e2e;

import java.time.Instant;

import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.store.StandaloneFleetStore;

/** The fleet's events as a failure message shows them, one a line. */
final class EventLog {

	private EventLog() {
	}

	/** Every event since {@code since}: time, type, node, actor, reason and evidence. */
	static String since(StandaloneFleetStore store, Instant since) {
		StringBuilder lines = new StringBuilder();
		store.store().eventsSince(since, 10_000).forEach((stored) -> {
			FleetEvent event = stored.event();
			lines.append('\n')
				.append(event.time())
				.append(' ')
				.append(event.type())
				.append(' ')
				.append(event.nodeId())
				.append(' ')
				.append(event.actor())
				.append(": ")
				.append(event.reason())
				.append(' ')
				.append(event.evidence());
		});
		return lines.toString();
	}

}

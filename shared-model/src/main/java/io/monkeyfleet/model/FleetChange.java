package io.monkeyfleet.model;

import java.time.Instant;

/**
 * The pub/sub message that tells every service something changed, so it refreshes that
 * part of its view. It names what changed, not the new value: a receiver re-reads the
 * store, which stays the only source of truth even if a message is lost.
 *
 * @param kind what kind of thing changed
 * @param id the node, pool or route id
 * @param time when it changed
 */
public record FleetChange(Kind kind, String id, Instant time) {

	/** The kinds of things whose changes are published. */
	public enum Kind {

		/** A node was registered or its descriptor changed. */
		NODE,
		/** A node's lifecycle state changed. */
		NODE_STATE,
		/** A node was removed. */
		NODE_REMOVED,
		/** A pool was saved. */
		POOL,
		/** A route was saved or deleted. */
		ROUTE

	}

	public FleetChange {
		Require.present(kind, "change kind");
		Require.name(id, "changed id");
		Require.present(time, "change time");
	}

}

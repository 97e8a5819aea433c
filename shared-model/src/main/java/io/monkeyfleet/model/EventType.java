package io.monkeyfleet.model;

/** What a {@link FleetEvent} records. */
public enum EventType {

	/** An agent registered a node for the first time. */
	NODE_REGISTERED,
	/** A node moved from one lifecycle state to another. */
	NODE_STATE_CHANGED,
	/** A node and its keys were removed from the fleet. */
	NODE_REMOVED,
	/** A pool was created or changed. */
	POOL_SAVED,
	/** A route was created or changed. */
	ROUTE_SAVED,
	/** A route was deleted. */
	ROUTE_DELETED,
	/** A monkey proposed an action; the evidence says which rule and on what samples. */
	ACTION_PROPOSED,
	/**
	 * A proposed action was not carried out; the evidence names the guard rail that
	 * refused it.
	 */
	ACTION_SKIPPED,
	/** A proposed action would have been carried out, but the monkey is in dry-run. */
	ACTION_DRY_RUN,
	/**
	 * A repair workflow moved on (drained, reboot job submitted, recovered, retried, gave
	 * up).
	 */
	WORKFLOW_STEP,
	/** Too much of a pool looked unhealthy at once: the monkeys stopped acting on it. */
	BREAKER_OPENED,
	/** The pool looks healthy enough again: the monkeys act on it again. */
	BREAKER_CLOSED,
	/**
	 * A monkey-service replica took the lease and acts now; the evidence holds its
	 * fencing token.
	 */
	LEADERSHIP_ACQUIRED,
	/**
	 * A gateway took a node out of its own rotation for a while (passive outlier
	 * detection: connection failures or consecutive server errors). The node's lifecycle
	 * state is unchanged; the evidence says why and until when.
	 */
	NODE_EJECTED,
	/**
	 * An operator changed the monkeys' settings at runtime (admin API); the evidence
	 * holds each changed property's new value, or {@code (configured)} where an override
	 * was removed.
	 */
	SETTINGS_CHANGED

}

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
	/**
	 * A gateway took a node out of its own rotation for a while (passive outlier
	 * detection: connection failures or consecutive server errors). The node's lifecycle
	 * state is unchanged; the evidence says why and until when.
	 */
	NODE_EJECTED

}

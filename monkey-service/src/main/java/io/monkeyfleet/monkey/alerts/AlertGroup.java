package io.monkeyfleet.monkey.alerts;

/**
 * What alerts are grouped by for rate limiting: the kind and the node, or the kind and
 * the pool for an alert with no node, or the kind alone for a fleet-wide alert. A node
 * belongs to one pool, so its pool adds nothing to the group.
 *
 * @param kind the alerts' kind
 * @param nodeId the node, or {@code null}
 * @param pool the pool when there is no node, else {@code null}
 */
record AlertGroup(String kind, String nodeId, String pool) {

	static AlertGroup of(Alert alert) {
		return (alert.nodeId() != null) ? new AlertGroup(alert.kind(), alert.nodeId(), null)
				: new AlertGroup(alert.kind(), null, alert.pool());
	}

	/** "node n1", "pool web" or "the fleet": what the group's alerts are about. */
	String subject() {
		if (this.nodeId != null) {
			return "node " + this.nodeId;
		}
		return (this.pool != null) ? "pool " + this.pool : "the fleet";
	}

	@Override
	public String toString() {
		return this.kind + " for " + subject();
	}

}

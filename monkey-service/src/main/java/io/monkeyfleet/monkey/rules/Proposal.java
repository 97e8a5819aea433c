package io.monkeyfleet.monkey.rules;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a rule would do, and why: its action, the node, the reason in words an operator
 * reads, and the evidence (the samples that crossed a threshold). A proposal is only a
 * value; guard rails decide whether it is carried out.
 */
public record Proposal(Action action, String nodeId, String pool, String reason, Map<String, String> evidence,
		String rule) {

	public Proposal {
		Objects.requireNonNull(action, "action");
		if (nodeId == null && action != Action.LAUNCH) {
			throw new IllegalArgumentException("a " + action + " proposal needs a node");
		}
		Objects.requireNonNull(pool, "pool");
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(rule, "rule");
		evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
	}

	/** The node's id, or the pool's for a proposal about the pool. */
	public String subject() {
		return (this.nodeId != null) ? this.nodeId : "pool:" + this.pool;
	}

}

package io.monkeyfleet.monkey.alerts;

/** How urgently an operator must look, from least to most urgent. */
public enum Severity {

	/** Worth knowing, nothing to do: a breaker closed again, Redis is back. */
	INFO,
	/** Something degraded that may need a human soon: a replacement is needed. */
	WARNING,
	/** A human must act: a node is quarantined, monkeys stopped acting on a pool. */
	CRITICAL

}

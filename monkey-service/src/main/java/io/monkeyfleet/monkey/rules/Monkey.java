package io.monkeyfleet.monkey.rules;

/**
 * The monkeys, each with its own switch and dry-run setting. Their names in
 * configuration, events and the admin API are the lower-case, dashed forms
 * ({@code scale-in}).
 */
public enum Monkey {

	/** Repairs sick nodes and admits healthy new ones. */
	DOCTOR,
	/** Grows a hot pool. */
	GIFT,
	/** Shrinks a cold pool. */
	SCALE_IN,
	/** Hands a memory-starved node's service to a standby host. */
	MIGRATION,
	/** Restarts a pool one node at a time, or a plan in dependency order. */
	RESTART;

	/** The name in configuration, events and the admin API. */
	public String id() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}

package io.monkeyfleet.monkey.rules;

/** What a rule, or an operator, proposes, and which monkey it belongs to. */
public enum Action {

	/** Move a JOINING node to ACTIVE: it has proven healthy. */
	ADMIT(Monkey.DOCTOR, false),
	/** Drain, reboot and re-admit a sick ACTIVE node (the doctor's workflow). */
	REPAIR(Monkey.DOCTOR, true),
	/** Launch one more node in a hot pool (no node: the proposal is the pool's). */
	LAUNCH(Monkey.GIFT, false),
	/** Drain and terminate a surplus node of a cold pool. */
	SCALE_IN(Monkey.SCALE_IN, true),
	/** Hand a memory-starved node's service to a standby host. */
	MIGRATE(Monkey.MIGRATION, false),
	/** Drain, restart and re-admit the next node of a rolling restart. */
	RESTART(Monkey.RESTART, true),
	/*
	 * The operators' own node moves (admin API). No rule proposes them; they are judged
	 * only by GuardRails.judgeOperator and carried out by the operator desk. They count
	 * as the doctor's, whose domain node health is, for the pool's bookkeeping.
	 */
	/** An operator takes an ACTIVE node out of rotation and keeps it out. */
	DRAIN(Monkey.DOCTOR, true),
	/** An operator puts a node they drained back into rotation. */
	RESTORE(Monkey.DOCTOR, false),
	/** An operator puts a node aside: no automation touches it until it is released. */
	QUARANTINE(Monkey.DOCTOR, false),
	/**
	 * An operator releases a quarantined node: re-admitted after K healthy samples,
	 * rebooted within its budget if they do not come.
	 */
	RELEASE(Monkey.DOCTOR, false);

	private final Monkey monkey;

	private final boolean takesCapacity;

	Action(Monkey monkey, boolean takesCapacity) {
		this.monkey = monkey;
		this.takesCapacity = takesCapacity;
	}

	public Monkey monkey() {
		return this.monkey;
	}

	/**
	 * Whether carrying it out takes a node out of rotation before anything replaces it:
	 * such actions count against the pool's minimum and the fleet-wide limit of
	 * remediations in flight.
	 */
	public boolean takesCapacity() {
		return this.takesCapacity;
	}

	/**
	 * Whether it only adds serving capacity and touches no running node. The circuit
	 * breaker lets such actions through: a pool that looks hot all over is as likely a
	 * traffic spike as a monitoring fault, adding a node is harmless in both cases, and
	 * the pool's maximum size and the gift cooldown bound what a wrong reading can cost.
	 */
	public boolean onlyAddsCapacity() {
		return this == ADMIT || this == LAUNCH;
	}

}

package io.monkeyfleet.provisioner.drivers;

/**
 * One step a job takes on one host. Whether a step may simply be run again after a
 * provisioner restart interrupted it decides whether the job resumes or fails cleanly.
 */
public enum Action {

	/** Stop the host's service (or the instance). Stopping twice is harmless. */
	STOP(true),
	/** Start the host's service (or the instance). Starting a running one is a no-op. */
	START(true),
	/**
	 * Keep a local host down for its boot time (measured from the step's first start).
	 */
	BOOT_WAIT(true),
	/**
	 * Remember the boot marker the host's node publishes now, before a reboot takes it
	 * down, for {@link #AWAIT_NEW_BOOT} to compare with. Repeatable: a marker remembered
	 * already is kept, so a resumed job still compares with the one from before the
	 * reboot.
	 */
	NOTE_BOOT_MARKER(true),
	/**
	 * Reboot the machine. Not repeatable: whether the first reboot happened is unknown,
	 * and a second one is an outage nobody asked for.
	 */
	REBOOT(false),
	/** Wait until the host is back after a reboot (SSH answers with a new boot id). */
	AWAIT_REACHABLE(true),
	/**
	 * Wait until the host's node publishes a boot marker other than the one noted before
	 * the reboot: the proof that the machine went down and came back, the same for every
	 * driver.
	 */
	AWAIT_NEW_BOOT(true),
	/** Wait until the app answers its health path with 200. */
	AWAIT_HEALTH(true),
	/** Restart the host's services with its configured command. */
	RESTART_SERVICES(true),
	/** Deploy or provision the app with the configured command or playbook. */
	DEPLOY(true),
	/**
	 * Launch a new host. Repeatable: a local launch starts only what is not running, an
	 * EC2 launch carries a client token so a retry returns the same instance.
	 */
	LAUNCH(true),
	/** Terminate the host (the instance, or the local process group) and forget it. */
	TERMINATE(true),
	/** Copy a source host's app and data (or process definition) to this host. */
	COPY(true),
	/** Install the source host's package list on this host. */
	INSTALL(true),
	/** An HTTP check with an expected status, after a start in a cluster restart. */
	SMOKE_TEST(true);

	private final boolean repeatable;

	Action(boolean repeatable) {
		this.repeatable = repeatable;
	}

	/** Whether running the step again after an interruption is safe. */
	public boolean repeatable() {
		return this.repeatable;
	}

}

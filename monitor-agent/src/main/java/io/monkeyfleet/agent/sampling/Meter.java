package io.monkeyfleet.agent.sampling;

import java.util.Optional;

/**
 * Reads CPU and memory use of whatever the agent watches: the whole host or one process
 * tree.
 */
public interface Meter {

	/**
	 * Reads now. Empty when nothing can be read yet (the first CPU reading of a host
	 * needs a previous one), which the agent reports by not writing a sample rather than
	 * by guessing.
	 */
	Optional<Reading> read();

	/** One line for the start-up log: what is measured, against what. */
	String describe();

}

package io.monkeyfleet.loadgen.chaos;

import java.net.URI;
import java.util.Map;

/** Where a node's app listens and which processes it is made of. */
public interface NodeDirectory {

	/** The node's app, for its chaos endpoints ({@code http://127.0.0.1:9001}). */
	URI app(String node);

	/**
	 * The node's running processes by name ({@code app}, {@code agent}) and their pids.
	 */
	Map<String, Long> processes(String node);

}

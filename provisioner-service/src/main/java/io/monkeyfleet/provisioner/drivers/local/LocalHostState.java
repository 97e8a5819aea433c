package io.monkeyfleet.provisioner.drivers.local;

import java.util.List;

/**
 * A local host's pid file: which processes the provisioner started for it.
 *
 * @param hostId the host
 * @param port the port its app was given
 * @param processes in start order
 */
record LocalHostState(String hostId, int port, List<RunningProcess> processes) {

	LocalHostState {
		processes = (processes != null) ? List.copyOf(processes) : List.of();
	}

}

package io.monkeyfleet.provisioner.hosts;

import java.util.List;
import java.util.Map;

import io.monkeyfleet.provisioner.inventory.HostDefinition;

/**
 * A host as the API shows it: what it is and how it is reached, without commands or
 * credentials.
 *
 * @param id the host's id
 * @param driver {@code LOCAL}, {@code SSH} or {@code AWS}
 * @param address where its app listens
 * @param healthPath its app's health path
 * @param packages what a migration from it installs
 * @param launchedFrom its launch template, for a launched host
 * @param nodeId the fleet node it runs (whose boot marker proves its reboots)
 * @param state what its driver knows about it now
 */
record HostView(String id, String driver, String address, String healthPath, List<String> packages, String launchedFrom,
		String nodeId, Map<String, String> state) {

	static HostView of(HostDefinition host, Map<String, String> state) {
		return new HostView(host.id(), host.driver().name(), host.address(), host.healthPath(), host.packages(),
				host.launchedFrom(), host.nodeId(), state);
	}

}

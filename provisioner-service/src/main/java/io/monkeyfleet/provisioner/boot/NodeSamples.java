package io.monkeyfleet.provisioner.boot;

import java.util.Optional;

import io.monkeyfleet.model.MetricsSample;

/**
 * The latest sample a node's agent wrote (its heartbeat, with its boot marker): all the
 * provisioner reads of the fleet, read only.
 */
@FunctionalInterface
public interface NodeSamples {

	/**
	 * @return the node's latest valid unexpired sample; empty when it has none (its agent
	 * is down, hung or not started yet)
	 * @throws org.springframework.dao.DataAccessException when Redis cannot be read
	 */
	Optional<MetricsSample> latest(String nodeId);

}

package io.monkeyfleet.gateway.balancing;

/** Nodes this gateway keeps out of its own rotation for a while (outlier detection). */
@FunctionalInterface
public interface Ejections {

	boolean isEjected(String nodeId);

}

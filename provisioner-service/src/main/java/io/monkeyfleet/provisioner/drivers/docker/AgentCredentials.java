package io.monkeyfleet.provisioner.drivers.docker;

/**
 * Each launched node's own Redis user for its monitor agent, {@code agent-<host id>},
 * allowed exactly what {@code KeySchema.agentAclRules} allows: its own node's keys. A
 * node whose agent is taken over can then write only its own samples (see the trust model
 * in docs/redis-schema.md).
 */
public interface AgentCredentials {

	/** The Redis user name of a node's agent. */
	static String userName(String hostId) {
		return "agent-" + hostId;
	}

	/**
	 * Creates the node's agent user, or resets it with a new password when it exists.
	 * @return the new password, to hand to the agent and to nobody else
	 */
	String create(String hostId);

	/** Deletes the node's agent user; deleting one that does not exist is a no-op. */
	void delete(String hostId);

}

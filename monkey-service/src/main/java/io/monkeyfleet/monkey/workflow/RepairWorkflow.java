package io.monkeyfleet.monkey.workflow;

import java.time.Instant;
import java.util.Map;

/**
 * A repair in flight, as kept in Redis so that a monkey-service restart or a new leader
 * carries it on where it was: drain, reboot, recover, re-admit.
 *
 * @param id unique: the node and the moment the repair started
 * @param nodeId the node being repaired
 * @param pool its pool
 * @param step where the repair is
 * @param attempt reboots asked for so far in this repair (1 for the first)
 * @param startedAt when the repair started
 * @param stepSince when the current step started
 * @param jobId the provisioner's reboot job, once asked for
 * @param reason why the node is being repaired
 * @param evidence what the decision rested on
 */
public record RepairWorkflow(String id, String nodeId, String pool, Step step, int attempt, Instant startedAt,
		Instant stepSince, String jobId, String reason, Map<String, String> evidence) {

	public enum Step {

		/**
		 * Out of rotation; waiting for in-flight requests to finish, or the drain
		 * timeout.
		 */
		DRAINING,
		/** A reboot job was asked of the provisioner; waiting for it to finish. */
		REBOOTING,
		/** Rebooted; waiting for K consecutive healthy samples. */
		RECOVERING

	}

	public RepairWorkflow {
		evidence = Map.copyOf(evidence);
	}

	public static RepairWorkflow start(String nodeId, String pool, Instant now, String reason,
			Map<String, String> evidence) {
		return new RepairWorkflow(nodeId + "-" + now.toEpochMilli(), nodeId, pool, Step.DRAINING, 0, now, now, null,
				reason, evidence);
	}

	/**
	 * A node an operator released from quarantine, watched like a repair's last step: K
	 * healthy samples re-admit it; if they do not come, it is rebooted within its budget.
	 */
	public static RepairWorkflow watchingRecovery(String nodeId, String pool, Instant now, String reason,
			Map<String, String> evidence) {
		return new RepairWorkflow(nodeId + "-" + now.toEpochMilli(), nodeId, pool, Step.RECOVERING, 0, now, now, null,
				reason, evidence);
	}

	RepairWorkflow rebooting(String jobId, int attempt, Instant now) {
		return new RepairWorkflow(this.id, this.nodeId, this.pool, Step.REBOOTING, attempt, this.startedAt, now, jobId,
				this.reason, this.evidence);
	}

	RepairWorkflow recovering(Instant now) {
		return new RepairWorkflow(this.id, this.nodeId, this.pool, Step.RECOVERING, this.attempt, this.startedAt, now,
				this.jobId, this.reason, this.evidence);
	}

	/**
	 * The idempotency key of this repair's current reboot: a retried call returns the
	 * same job.
	 */
	String rebootKey(int attemptNumber) {
		return this.id + "-reboot-" + attemptNumber;
	}

}

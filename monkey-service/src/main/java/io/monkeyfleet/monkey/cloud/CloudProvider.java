package io.monkeyfleet.monkey.cloud;

import java.util.Objects;

/**
 * Where new hosts come from and where surplus ones go: the gift monkey launches through
 * it, scale-in terminates through it. Every call returns at once with an operation to
 * poll on later ticks, so a slow cloud never stretches a tick; every call is idempotent
 * under its key, so a retried call (after a timeout, or by a new leader) never launches
 * or terminates twice.
 */
public interface CloudProvider {

	/** What the provider is called in configuration, events and alerts. */
	String name();

	/**
	 * Starts launching one host for the pool.
	 * @throws CloudException when the cloud refused or could not be reached; nothing was
	 * launched unless a retry with the same key says otherwise
	 */
	Launch launch(LaunchRequest request);

	/** Where a launch stands now. */
	Progress launchProgress(Launch launch);

	/**
	 * Starts terminating a host this provider launched.
	 * @return the operation to poll on
	 * @throws CloudException when the cloud refused or could not be reached
	 */
	String terminate(TerminateRequest request);

	/** Where a termination stands now. */
	Progress terminationProgress(String operationId);

	/**
	 * @param pool the pool the new host is for
	 * @param idempotencyKey at most 64 printable ASCII characters; the same key never
	 * launches a second host (EC2's client token, the provisioner's idempotency key)
	 * @param reason why, for tags, jobs and events
	 * @param fencingToken the caller's lease token, for providers that check it
	 */
	record LaunchRequest(String pool, String idempotencyKey, String reason, long fencingToken) {

		public LaunchRequest {
			Objects.requireNonNull(pool, "pool");
			Objects.requireNonNull(idempotencyKey, "idempotencyKey");
			Objects.requireNonNull(reason, "reason");
			if (idempotencyKey.isEmpty() || idempotencyKey.length() > 64
					|| !idempotencyKey.chars().allMatch((c) -> c > 32 && c < 127)) {
				throw new IllegalArgumentException(
						"idempotencyKey must be 1-64 printable ASCII characters, was '" + idempotencyKey + "'");
			}
		}

	}

	/**
	 * A launch under way.
	 *
	 * @param operationId what to poll: the provisioner's job id, or the EC2 instance id
	 * @param hostId the new host's id, which its agent registers as its node id (the
	 * provisioner's host id, or the EC2 instance id)
	 * @param instanceId the cloud's instance id, or {@code null} when there is none
	 */
	record Launch(String operationId, String hostId, String instanceId) {

		public Launch {
			Objects.requireNonNull(operationId, "operationId");
			Objects.requireNonNull(hostId, "hostId");
		}

	}

	/**
	 * @param hostId the host's id (its node id)
	 * @param instanceId the cloud's instance id, or {@code null} when there is none
	 * @param idempotencyKey as for a launch
	 * @param reason why
	 * @param fencingToken the caller's lease token
	 */
	record TerminateRequest(String hostId, String instanceId, String idempotencyKey, String reason, long fencingToken) {

		public TerminateRequest {
			Objects.requireNonNull(hostId, "hostId");
			Objects.requireNonNull(idempotencyKey, "idempotencyKey");
			Objects.requireNonNull(reason, "reason");
		}

	}

	/**
	 * How an operation stands.
	 *
	 * @param state running, done or failed
	 * @param detail what the provider said, for events and alerts
	 */
	record Progress(State state, String detail) {

		public enum State {

			RUNNING, SUCCEEDED, FAILED

		}

		public static Progress running(String detail) {
			return new Progress(State.RUNNING, detail);
		}

		public static Progress succeeded(String detail) {
			return new Progress(State.SUCCEEDED, detail);
		}

		public static Progress failed(String detail) {
			return new Progress(State.FAILED, detail);
		}

	}

}

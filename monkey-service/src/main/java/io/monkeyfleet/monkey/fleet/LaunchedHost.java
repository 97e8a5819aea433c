package io.monkeyfleet.monkey.fleet;

import java.time.Instant;
import java.util.Objects;

/**
 * A host the gift monkey launched: scale-in removes only these, newest first.
 *
 * @param nodeId the node id its agent registers (the host id)
 * @param pool the pool it was launched for
 * @param instanceId the cloud's instance id, or {@code null}
 * @param provider the cloud provider that launched it
 * @param launchedAt when
 */
public record LaunchedHost(String nodeId, String pool, String instanceId, String provider, Instant launchedAt) {

	public LaunchedHost {
		Objects.requireNonNull(nodeId, "nodeId");
		Objects.requireNonNull(pool, "pool");
		Objects.requireNonNull(launchedAt, "launchedAt");
	}

}

package io.monkeyfleet.agent.heartbeat;

import java.time.Duration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * UP while heartbeats are being written: the last one is younger than the time a sample
 * is kept. This, not a Redis ping, is what the agent's health means; it needs no Redis
 * permission beyond the agent's own keys. Liveness does not include it: a Redis outage
 * must not get the agent restarted.
 */
public final class HeartbeatHealthIndicator implements HealthIndicator {

	private final HeartbeatLoop heartbeat;

	private final Duration maxAge;

	public HeartbeatHealthIndicator(HeartbeatLoop heartbeat, Duration maxAge) {
		this.heartbeat = heartbeat;
		this.maxAge = maxAge;
	}

	@Override
	public Health health() {
		double age = this.heartbeat.lastWriteAgeSeconds();
		Health.Builder health = (!Double.isNaN(age) && age * 1000 <= this.maxAge.toMillis()) ? Health.up()
				: Health.down();
		return health.withDetail("lastWriteAgeSeconds", Double.isNaN(age) ? "never" : age)
			.withDetail("writeFailures", this.heartbeat.writeFailures())
			.build();
	}

}

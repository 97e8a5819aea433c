package io.monkeyfleet.gateway.snapshot;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Ready when there is a routing view to serve from, whether read from Redis or from the
 * snapshot file; not ready (out of service) when there is none. An unreachable Redis with
 * a view is not a reason to take the gateway out of a load balancer: it routes on.
 */
final class SnapshotHealthIndicator implements HealthIndicator {

	private final SnapshotHolder holder;

	private final SnapshotRefresher refresher;

	private final Clock clock;

	SnapshotHealthIndicator(SnapshotHolder holder, SnapshotRefresher refresher, Clock clock) {
		this.holder = holder;
		this.refresher = refresher;
		this.clock = clock;
	}

	@Override
	public Health health() {
		return this.holder.current()
			.map((view) -> Health.up()
				.withDetail("source", view.source().name().toLowerCase(java.util.Locale.ROOT))
				.withDetail("readAt", view.readAt().toString())
				.withDetail("ageSeconds", Duration.between(view.readAt(), this.clock.instant()).toSeconds())
				.withDetail("redisReachable", this.refresher.redisReachable())
				.withDetail("routes", view.routes().size())
				.withDetail("routableNodes", view.routableCount())
				.withDetail("heldNodes", view.heldNodes())
				.build())
			.orElseGet(() -> Health.outOfService()
				.withDetail("reason",
						"no routing snapshot yet: Redis has not answered and there is no usable snapshot file")
				.withDetail("redisReachable", this.refresher.redisReachable())
				.build());
	}

}

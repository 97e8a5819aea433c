package io.monkeyfleet.monkey.admin;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.monkeyfleet.monkey.LeaderDuty;
import io.monkeyfleet.monkey.LeaderTick;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.store.MalformedRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Publishes the leader's status every tick (its breakers live in its memory only), with a
 * time-to-live, so that a status that is missing means no replica is acting.
 */
class LeaderStatusPublisher implements LeaderDuty {

	private static final Logger logger = LoggerFactory.getLogger(LeaderStatusPublisher.class);

	private final StringRedisTemplate redis;

	private final KeySchema keys;

	private final FleetCodec codec;

	private final Duration timeToLive;

	/**
	 * @param timeToLive how long a published status stands without a newer one: about the
	 * lease, after which another replica would lead
	 */
	LeaderStatusPublisher(StringRedisTemplate redis, KeySchema keys, FleetCodec codec, Duration timeToLive) {
		this.redis = redis;
		this.keys = keys;
		this.codec = codec;
		this.timeToLive = timeToLive;
	}

	@Override
	public void perform(LeaderTick tick) {
		LeaderStatus status = new LeaderStatus(tick.replicaId(), tick.view().now(), tick.fencingToken(),
				List.copyOf(tick.breaker().openPools()));
		this.redis.opsForValue().set(this.keys.monkeyStatus(), this.codec.encode(status), this.timeToLive);
	}

	/** The acting replica's latest status; empty when none is acting. */
	Optional<LeaderStatus> current() {
		String json = this.redis.opsForValue().get(this.keys.monkeyStatus());
		if (json == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(this.codec.decode(json, LeaderStatus.class, this.keys.monkeyStatus()));
		}
		catch (MalformedRecordException ex) {
			logger.warn("Ignoring malformed leader status {}", ex.getMessage());
			return Optional.empty();
		}
	}

}

package io.monkeyfleet.monkey.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

import io.monkeyfleet.store.KeySchema;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * One acting monkey-service at a time: a lease in Redis with a time-to-live, renewed
 * every tick by its holder. Each new holder gets a larger fencing token, sent with every
 * destructive call, so the provisioner can refuse a deposed leader that wakes up still
 * believing it leads.
 *
 * <p>
 * The holder also stops believing it leads on its own, once its last renewal is older
 * than the lease: a leader that cannot reach Redis stops acting before another can take
 * over.
 */
public class LeaderLease {

	private static final RedisScript<Long> ACQUIRE_OR_RENEW = RedisScript
		.of(new ClassPathResource("acquire-or-renew.lua", LeaderLease.class), Long.class);

	private static final RedisScript<Long> RELEASE = RedisScript
		.of(new ClassPathResource("release.lua", LeaderLease.class), Long.class);

	private final StringRedisTemplate redis;

	private final KeySchema keys;

	private final String replicaId;

	private final Duration timeToLive;

	private final Clock clock;

	private long token = -1;

	private Instant renewedAt = Instant.MIN;

	public LeaderLease(StringRedisTemplate redis, KeySchema keys, String replicaId, Duration timeToLive, Clock clock) {
		if (replicaId.contains("|")) {
			throw new IllegalArgumentException("replica id must not contain '|': " + replicaId);
		}
		this.redis = redis;
		this.keys = keys;
		this.replicaId = replicaId;
		this.timeToLive = timeToLive;
		this.clock = clock;
	}

	/**
	 * Takes or renews the lease. On a Redis failure the exception propagates and this
	 * replica is no longer the leader as far as it is concerned.
	 * @return the fencing token while this replica leads; empty while another one does
	 */
	public synchronized OptionalLong acquireOrRenew() {
		Instant now = this.clock.instant();
		Long result;
		try {
			result = this.redis.execute(ACQUIRE_OR_RENEW,
					List.of(this.keys.monkeyLeader(), this.keys.monkeyFencingToken()), this.replicaId,
					String.valueOf(this.timeToLive.toMillis()));
		}
		catch (RuntimeException ex) {
			this.token = -1;
			throw ex;
		}
		if (result == null || result < 0) {
			this.token = -1;
			return OptionalLong.empty();
		}
		this.token = result;
		this.renewedAt = now;
		return OptionalLong.of(result);
	}

	/**
	 * Whether this replica leads now: it holds the lease and renewed it within its
	 * time-to-live.
	 */
	public synchronized boolean leads() {
		return this.token >= 0 && this.clock.instant().isBefore(this.renewedAt.plus(this.timeToLive));
	}

	/** This replica's fencing token while it leads. */
	public synchronized OptionalLong token() {
		return leads() ? OptionalLong.of(this.token) : OptionalLong.empty();
	}

	/**
	 * Gives the lease up (on shutdown), so a standby takes over at once instead of after
	 * the TTL.
	 */
	public synchronized void release() {
		if (this.token >= 0) {
			this.token = -1;
			this.redis.execute(RELEASE, List.of(this.keys.monkeyLeader()), this.replicaId);
		}
	}

	public String replicaId() {
		return this.replicaId;
	}

}

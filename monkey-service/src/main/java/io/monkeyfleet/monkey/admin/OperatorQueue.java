package io.monkeyfleet.monkey.admin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.store.MalformedRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Operator requests and their verdicts in Redis: any replica queues a request (the API
 * may be hit on the standby), the leader takes it in its tick and writes the verdict, and
 * the replica that queued it reads the verdict to answer the operator.
 */
class OperatorQueue {

	private static final Logger logger = LoggerFactory.getLogger(OperatorQueue.class);

	/** How long a decided verdict can still be looked up. */
	static final Duration VERDICT_TIME_TO_LIVE = Duration.ofHours(1);

	private final StringRedisTemplate redis;

	private final KeySchema keys;

	private final FleetCodec codec;

	OperatorQueue(StringRedisTemplate redis, KeySchema keys, FleetCodec codec) {
		this.redis = redis;
		this.keys = keys;
		this.codec = codec;
	}

	/** Queues the request, with a pending verdict that lasts as long as it may wait. */
	void submit(OperatorRequest request, Duration timeToLive) {
		save(OperatorVerdict.pending(request), timeToLive.plus(VERDICT_TIME_TO_LIVE));
		this.redis.opsForList().leftPush(this.keys.monkeyOperatorRequests(), this.codec.encode(request));
	}

	/** Takes up to {@code max} requests, oldest first. A malformed one is dropped. */
	List<OperatorRequest> take(int max) {
		List<String> taken = this.redis.opsForList().rightPop(this.keys.monkeyOperatorRequests(), max);
		List<OperatorRequest> requests = new ArrayList<>();
		if (taken == null) {
			return requests;
		}
		for (String json : taken) {
			try {
				requests.add(this.codec.decode(json, OperatorRequest.class, this.keys.monkeyOperatorRequests()));
			}
			catch (MalformedRecordException ex) {
				logger.warn("Dropping malformed operator request {}", ex.getMessage());
			}
		}
		return requests;
	}

	void decide(OperatorVerdict verdict) {
		save(verdict, VERDICT_TIME_TO_LIVE);
	}

	Optional<OperatorVerdict> verdict(String requestId) {
		String key = this.keys.monkeyOperatorVerdict(requestId);
		String json = this.redis.opsForValue().get(key);
		if (json == null) {
			return Optional.empty();
		}
		try {
			return Optional.of(this.codec.decode(json, OperatorVerdict.class, key));
		}
		catch (MalformedRecordException ex) {
			logger.warn("Ignoring malformed operator verdict {}", ex.getMessage());
			return Optional.empty();
		}
	}

	private void save(OperatorVerdict verdict, Duration timeToLive) {
		this.redis.opsForValue()
			.set(this.keys.monkeyOperatorVerdict(verdict.requestId()), this.codec.encode(verdict), timeToLive);
	}

}

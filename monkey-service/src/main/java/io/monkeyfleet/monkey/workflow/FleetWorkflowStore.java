package io.monkeyfleet.monkey.workflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import io.monkeyfleet.monkey.fleet.LaunchedHost;
import io.monkeyfleet.monkey.rules.Monkey;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.store.MalformedRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Fleet workflows in flight, the hosts the gift monkey launched, and when each monkey
 * last started work in each pool — in Redis, so that the next leader knows them too.
 */
public class FleetWorkflowStore {

	private static final Logger logger = LoggerFactory.getLogger(FleetWorkflowStore.class);

	private final StringRedisTemplate redis;

	private final KeySchema keys;

	private final FleetCodec codec;

	public FleetWorkflowStore(StringRedisTemplate redis, KeySchema keys, FleetCodec codec) {
		this.redis = redis;
		this.keys = keys;
		this.codec = codec;
	}

	public void save(FleetWorkflow workflow) {
		this.redis.opsForValue().set(this.keys.monkeyFleetWorkflow(workflow.id()), this.codec.encode(workflow));
		this.redis.opsForSet().add(this.keys.monkeyFleetWorkflowIndex(), workflow.id());
	}

	public void delete(FleetWorkflow workflow) {
		this.redis.delete(this.keys.monkeyFleetWorkflow(workflow.id()));
		this.redis.opsForSet().remove(this.keys.monkeyFleetWorkflowIndex(), workflow.id());
	}

	/** Every workflow in flight, oldest first. A malformed one is logged and left out. */
	public List<FleetWorkflow> inFlight() {
		Set<String> ids = this.redis.opsForSet().members(this.keys.monkeyFleetWorkflowIndex());
		List<FleetWorkflow> workflows = new ArrayList<>();
		for (String id : (ids != null) ? ids : Set.<String>of()) {
			String key = this.keys.monkeyFleetWorkflow(id);
			String json = this.redis.opsForValue().get(key);
			if (json == null) {
				this.redis.opsForSet().remove(this.keys.monkeyFleetWorkflowIndex(), id);
				continue;
			}
			try {
				workflows.add(this.codec.decode(json, FleetWorkflow.class, key));
			}
			catch (MalformedRecordException ex) {
				logger.warn("Ignoring malformed fleet workflow {}", ex.getMessage());
			}
		}
		workflows.sort(Comparator.comparing(FleetWorkflow::startedAt).thenComparing(FleetWorkflow::id));
		return workflows;
	}

	public void recordStart(Monkey monkey, String pool, Instant at) {
		this.redis.opsForHash()
			.put(this.keys.monkeyLastStarts(), monkey.id() + ":" + pool, String.valueOf(at.toEpochMilli()));
	}

	public Optional<Instant> lastStart(Monkey monkey, String pool) {
		Object millis = this.redis.opsForHash().get(this.keys.monkeyLastStarts(), monkey.id() + ":" + pool);
		try {
			return (millis != null) ? Optional.of(Instant.ofEpochMilli(Long.parseLong(millis.toString())))
					: Optional.empty();
		}
		catch (NumberFormatException ex) {
			logger.warn("Ignoring malformed last start of {} in {}: {}", monkey.id(), pool, millis);
			return Optional.empty();
		}
	}

	public void recordLaunched(LaunchedHost host) {
		this.redis.opsForHash().put(this.keys.monkeyLaunched(), host.nodeId(), this.codec.encode(host));
	}

	public void forgetLaunched(String nodeId) {
		this.redis.opsForHash().delete(this.keys.monkeyLaunched(), nodeId);
	}

	/** The hosts the gift monkey launched and nobody terminated yet, by node id. */
	public Map<String, LaunchedHost> launched() {
		Map<Object, Object> entries = this.redis.opsForHash().entries(this.keys.monkeyLaunched());
		Map<String, LaunchedHost> launched = new TreeMap<>();
		entries.forEach((nodeId, json) -> {
			try {
				launched.put(nodeId.toString(),
						this.codec.decode(json.toString(), LaunchedHost.class, this.keys.monkeyLaunched()));
			}
			catch (MalformedRecordException ex) {
				logger.warn("Ignoring malformed launched host {}", ex.getMessage());
			}
		});
		return launched;
	}

}

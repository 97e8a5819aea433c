package io.monkeyfleet.monkey.workflow;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.store.MalformedRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Repair workflows in flight and every node's repair history, in Redis: what lets a
 * restarted monkey-service, or the next leader, carry on without repeating a step.
 */
public class WorkflowStore {

	private static final Logger logger = LoggerFactory.getLogger(WorkflowStore.class);

	private final StringRedisTemplate redis;

	private final KeySchema keys;

	private final FleetCodec codec;

	public WorkflowStore(StringRedisTemplate redis, KeySchema keys, FleetCodec codec) {
		this.redis = redis;
		this.keys = keys;
		this.codec = codec;
	}

	public void save(RepairWorkflow workflow) {
		this.redis.opsForValue().set(this.keys.monkeyWorkflow(workflow.id()), this.codec.encode(workflow));
		this.redis.opsForSet().add(this.keys.monkeyWorkflowIndex(), workflow.id());
	}

	public void delete(RepairWorkflow workflow) {
		this.redis.delete(this.keys.monkeyWorkflow(workflow.id()));
		this.redis.opsForSet().remove(this.keys.monkeyWorkflowIndex(), workflow.id());
	}

	/** Every workflow in flight, oldest first. A malformed one is logged and left out. */
	public List<RepairWorkflow> inFlight() {
		Set<String> ids = this.redis.opsForSet().members(this.keys.monkeyWorkflowIndex());
		List<RepairWorkflow> workflows = new ArrayList<>();
		if (ids == null) {
			return workflows;
		}
		for (String id : ids) {
			String key = this.keys.monkeyWorkflow(id);
			String json = this.redis.opsForValue().get(key);
			if (json == null) {
				this.redis.opsForSet().remove(this.keys.monkeyWorkflowIndex(), id);
				continue;
			}
			try {
				workflows.add(this.codec.decode(json, RepairWorkflow.class, key));
			}
			catch (MalformedRecordException ex) {
				logger.warn("Ignoring malformed workflow {}", ex.getMessage());
			}
		}
		workflows.sort(java.util.Comparator.comparing(RepairWorkflow::startedAt));
		return workflows;
	}

	/** Records that a repair (or a further reboot within one) of the node started. */
	public void recordRepair(String nodeId, Instant at) {
		this.redis.opsForZSet()
			.add(this.keys.monkeyRepairs(nodeId), String.valueOf(at.toEpochMilli()), at.toEpochMilli());
	}

	/**
	 * When the node's repairs started, within the last {@code window}; older ones are
	 * dropped.
	 */
	public List<Instant> repairStarts(String nodeId, Instant since) {
		String key = this.keys.monkeyRepairs(nodeId);
		this.redis.opsForZSet().removeRangeByScore(key, 0, since.toEpochMilli());
		Set<String> starts = this.redis.opsForZSet().rangeByScore(key, since.toEpochMilli(), Double.POSITIVE_INFINITY);
		return (starts != null)
				? starts.stream().map((ms) -> Instant.ofEpochMilli(Long.parseLong(ms))).sorted().toList() : List.of();
	}

}

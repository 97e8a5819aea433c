package io.monkeyfleet.monkey.workflow;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.monkeyfleet.monkey.rules.Monkey;

/**
 * A launch, scale-in, migration or restart in flight, kept in Redis so that a restarted
 * monkey-service, or the next leader, carries it on where it was. Each monkey's handler
 * gives {@code step} and {@code facts} their meaning.
 *
 * @param id unique: the monkey, the pool and the moment it started
 * @param monkey whose workflow it is
 * @param pool the pool it works on
 * @param nodeId the node it works on now, or {@code null}
 * @param step where it is
 * @param startedAt when it started
 * @param stepSince when the current step started
 * @param facts what earlier steps learnt (job ids, host ids), for later steps
 * @param reason why it was started
 * @param evidence what the decision rested on
 */
public record FleetWorkflow(String id, Monkey monkey, String pool, String nodeId, String step, Instant startedAt,
		Instant stepSince, Map<String, String> facts, String reason, Map<String, String> evidence) {

	public FleetWorkflow {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(monkey, "monkey");
		Objects.requireNonNull(pool, "pool");
		Objects.requireNonNull(step, "step");
		facts = Map.copyOf(facts);
		evidence = Map.copyOf(evidence);
	}

	public static FleetWorkflow start(Monkey monkey, String pool, String nodeId, String step, Instant now,
			String reason, Map<String, String> evidence) {
		return new FleetWorkflow(monkey.id() + "-" + pool + "-" + now.toEpochMilli(), monkey, pool, nodeId, step, now,
				now, Map.of(), reason, evidence);
	}

	/** The same workflow at another step, from now. */
	public FleetWorkflow at(String nextStep, Instant now) {
		return new FleetWorkflow(this.id, this.monkey, this.pool, this.nodeId, nextStep, this.startedAt, now,
				this.facts, this.reason, this.evidence);
	}

	/** The same workflow working on another node. */
	public FleetWorkflow onNode(String otherNodeId) {
		return new FleetWorkflow(this.id, this.monkey, this.pool, otherNodeId, this.step, this.startedAt,
				this.stepSince, this.facts, this.reason, this.evidence);
	}

	/** The same workflow having learnt a fact. */
	public FleetWorkflow with(String fact, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.facts);
		more.put(fact, value);
		return new FleetWorkflow(this.id, this.monkey, this.pool, this.nodeId, this.step, this.startedAt,
				this.stepSince, more, this.reason, this.evidence);
	}

	public String fact(String name) {
		return this.facts.get(name);
	}

	/**
	 * An idempotency key for one call of this workflow: the same call asked again returns
	 * the same job or instance. At most 64 characters, as EC2's client token allows.
	 */
	public String key(String call) {
		String key = this.monkey.id() + "-" + this.startedAt.toEpochMilli() + "-" + call + "-"
				+ Integer.toHexString(this.id.hashCode());
		return (key.length() <= 64) ? key : key.substring(0, 64);
	}

}

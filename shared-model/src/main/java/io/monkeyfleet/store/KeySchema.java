package io.monkeyfleet.store;

import java.util.regex.Pattern;

/**
 * Every Redis key and channel Monkey Fleet uses, in one place: no other class spells a
 * key. {@code docs/redis-schema.md} describes each one (type, time-to-live, who writes
 * it).
 *
 * <p>
 * All keys start with one prefix ({@code mf:} by default). On Redis Cluster choose a
 * prefix with a hash tag, such as <code>{mf}:</code>, so the multi-key scripts find all
 * their keys in one slot.
 */
public final class KeySchema {

	/**
	 * Letters, digits and the few separators that are never special in keys or ACL
	 * patterns.
	 */
	private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9{}._:-]{1,32}");

	private final String prefix;

	public KeySchema(String prefix) {
		if (prefix == null || !PREFIX.matcher(prefix).matches()) {
			throw new IllegalArgumentException(
					"key prefix '" + prefix + "' must be 1 to 32 letters, digits, '{', '}', '.', '_', ':' or '-'");
		}
		this.prefix = prefix;
	}

	public String prefix() {
		return this.prefix;
	}

	/** STRING, JSON {@code Node}: the node's descriptor, written by its agent. */
	public String node(String nodeId) {
		return this.prefix + "node:" + nodeId;
	}

	/**
	 * STRING, JSON {@code NodeStatus}: lifecycle state, created ({@code JOINING}) and
	 * moved by monkey-service; an agent may only read it.
	 */
	public String nodeState(String nodeId) {
		return node(nodeId) + ":state";
	}

	/**
	 * STRING, JSON {@code MetricsSample}, with a time-to-live: the agent's heartbeat and
	 * metrics.
	 */
	public String nodeSample(String nodeId) {
		return node(nodeId) + ":sample";
	}

	/** SET of node ids: every registered node. */
	public String nodeIndex() {
		return this.prefix + "nodes";
	}

	/** STRING, JSON {@code Pool}. */
	public String pool(String poolName) {
		return this.prefix + "pool:" + poolName;
	}

	/** SET of pool names. */
	public String poolIndex() {
		return this.prefix + "pools";
	}

	/** STRING, JSON {@code Route}. */
	public String route(String routeId) {
		return this.prefix + "route:" + routeId;
	}

	/** SET of route ids. */
	public String routeIndex() {
		return this.prefix + "routes";
	}

	/**
	 * STREAM of fleet events, field {@code event} holding a JSON {@code FleetEvent},
	 * capped in length.
	 */
	public String events() {
		return this.prefix + "events";
	}

	/** Pub/sub channel of JSON {@code FleetChange} messages. */
	public String changesChannel() {
		return this.prefix + "changes";
	}

	// gateway-service (issue 3 of 10): what the gateways write back

	/**
	 * HASH: field = gateway id, value = JSON {@code GatewayReport} (per-node requests,
	 * errors, in-flight, latency, ejection). Each gateway rewrites its own field about
	 * once a second; a report older than a few seconds is ignored by readers and pruned
	 * by the gateways.
	 */
	public String gatewayReports() {
		return this.prefix + "gateway:reports";
	}

	// provisioner-service: jobs, their leases and host locks, idempotency keys, the
	// newest fencing token, and hosts it launched. Written only by provisioner-service.

	/** STRING, JSON {@code Job}: one provisioner job with its steps. */
	public String provisionerJob(String jobId) {
		return this.prefix + "prov:job:" + jobId;
	}

	/**
	 * STRING with a time-to-live: the id of the provisioner instance running the job.
	 */
	public String provisionerJobLease(String jobId) {
		return provisionerJob(jobId) + ":lease";
	}

	/** STRING: present when cancelling the job was asked for. */
	public String provisionerJobCancel(String jobId) {
		return provisionerJob(jobId) + ":cancel";
	}

	/** SORTED SET of job ids scored by creation time in epoch milliseconds. */
	public String provisionerJobIndex() {
		return this.prefix + "prov:jobs";
	}

	/** SET of the ids of jobs that are queued or running. */
	public String provisionerActiveJobs() {
		return this.prefix + "prov:jobs:active";
	}

	/** STRING: the id of the active job that holds the host. */
	public String provisionerHostLock(String hostId) {
		return this.prefix + "prov:host:" + hostId + ":lock";
	}

	/**
	 * STRING with a time-to-live: the job an idempotency key created and the request's
	 * fingerprint.
	 * @param principal who sent the request (keys are scoped per caller)
	 * @param keyHash the SHA-256 of the caller's key, in hex (keys are free text)
	 */
	public String provisionerIdempotencyKey(String principal, String keyHash) {
		return this.prefix + "prov:idem:" + principal + ":" + keyHash;
	}

	/** STRING: the newest fencing token any caller has presented. */
	public String provisionerFencingToken() {
		return this.prefix + "prov:fencing-token";
	}

	/**
	 * HASH of host id to JSON host definition: hosts the provisioner launched or migrated
	 * to.
	 */
	public String provisionerHosts() {
		return this.prefix + "prov:hosts";
	}

	// monkey-service: only monkey-service reads or writes these.

	/**
	 * STRING, JSON lease holder, with a time-to-live: which monkey-service replica acts
	 * now.
	 */
	public String monkeyLeader() {
		return this.prefix + "monkey:leader";
	}

	/**
	 * STRING, an integer incremented on every lease acquisition: the fencing token's
	 * source.
	 */
	public String monkeyFencingToken() {
		return this.prefix + "monkey:fencing-token";
	}

	/** STRING, JSON repair workflow in flight. */
	public String monkeyWorkflow(String workflowId) {
		return this.prefix + "monkey:workflow:" + workflowId;
	}

	/** SET of the ids of workflows in flight. */
	public String monkeyWorkflowIndex() {
		return this.prefix + "monkey:workflows";
	}

	/**
	 * STRING, JSON fleet workflow in flight (a launch, scale-in, migration or restart).
	 */
	public String monkeyFleetWorkflow(String workflowId) {
		return this.prefix + "monkey:flow:" + workflowId;
	}

	/** SET of the ids of fleet workflows in flight. */
	public String monkeyFleetWorkflowIndex() {
		return this.prefix + "monkey:flows";
	}

	/**
	 * HASH of the hosts the gift monkey launched, by node id: JSON with the pool, the
	 * instance id and when; what scale-in may remove.
	 */
	public String monkeyLaunched() {
		return this.prefix + "monkey:launched";
	}

	/**
	 * HASH of when each monkey last started a workflow in each pool ({@code gift:web} →
	 * epoch milliseconds), for cooldowns that survive a change of leader.
	 */
	public String monkeyLastStarts() {
		return this.prefix + "monkey:last-start";
	}

	/**
	 * SORTED SET of the node's repair start times (epoch milliseconds), for its repair
	 * budget.
	 */
	public String monkeyRepairs(String nodeId) {
		return this.prefix + "monkey:repairs:" + nodeId;
	}

	/**
	 * LIST of JSON operator requests (admin API node actions), pushed on the left by any
	 * replica and taken from the right by the leader's tick, which alone carries them
	 * out.
	 */
	public String monkeyOperatorRequests() {
		return this.prefix + "monkey:operator:requests";
	}

	/**
	 * STRING, JSON verdict on one operator request, with a time-to-live: written by the
	 * leader, read by the replica that is waiting to answer the operator.
	 */
	public String monkeyOperatorVerdict(String requestId) {
		return this.prefix + "monkey:operator:verdict:" + requestId;
	}

	/**
	 * HASH of the monkeys' settings changed at runtime: field = property path under
	 * {@code monkeyfleet.monkey.} ({@code doctor.defaults.cpu-threshold}), value = its
	 * value as text. Bound over the configuration on every replica, so every replica's
	 * monkeys use the same settings.
	 */
	public String monkeySettings() {
		return this.prefix + "monkey:settings";
	}

	/**
	 * STRING, JSON status of the acting replica (last tick, open breakers), with a
	 * time-to-live: rewritten by the leader every tick, so any replica can show it.
	 */
	public String monkeyStatus() {
		return this.prefix + "monkey:status";
	}

	/**
	 * The Redis ACL rules that let an agent do exactly what its {@link FleetStore} calls
	 * need (register its node, write its samples, read its lifecycle state, never write
	 * it: {@code %R~}, Redis 7) on exactly its own node's keys, for
	 * {@code ACL SETUSER <user> reset on ><password> <rules>}. {@code resetchannels}
	 * matters on Redis 6.2, where a new user may otherwise publish on every channel;
	 * {@code -@dangerous} takes back what {@code @connection} would give beyond the
	 * connection itself ({@code CLIENT KILL}, {@code CLIENT LIST}).
	 */
	public String agentAclRules(String nodeId) {
		return "resetchannels ~" + node(nodeId) + " ~" + nodeSample(nodeId) + " %R~" + nodeState(nodeId) + " ~"
				+ nodeIndex() + " &" + changesChannel()
				+ " -@all +get +set +sadd +publish +evalsha +eval +ping +@connection -@dangerous";
	}

}

package io.monkeyfleet.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetChange;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.GatewayReport;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.model.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The fleet's state in Redis, shared by every service: nodes, lifecycle states, metrics
 * samples, pools, routes and events, plus change messages on a pub/sub channel.
 *
 * <p>
 * It is blocking on purpose. The agent, the provisioner and monkey-service are blocking
 * services, and the gateway never calls Redis on a request's path: it reads snapshots on
 * a background thread and serves requests from memory. One blocking store keeps the
 * contract in one place instead of two.
 *
 * <p>
 * Every write that must go together (a state change, its event and its change message) is
 * one Lua script, so it happens entirely or not at all. Every read validates what it
 * finds: malformed data is logged, counted and treated as absent.
 */
public class FleetStore {

	private static final Logger logger = LoggerFactory.getLogger(FleetStore.class);

	private static final String EVENT_FIELD = "event";

	private static final RedisScript<String> REGISTER_NODE = script("register-node.lua");

	private static final RedisScript<Long> ENROLL_NODE = script("enroll-node.lua", Long.class);

	private static final RedisScript<String> TRANSITION_NODE = script("transition-node.lua");

	private static final RedisScript<Long> PUT_DOCUMENT = script("put-document.lua", Long.class);

	private static final RedisScript<Long> DELETE_DOCUMENT = script("delete-document.lua", Long.class);

	private static final RedisScript<String> APPEND_EVENT = script("append-event.lua");

	private final StringRedisTemplate redis;

	private final KeySchema keys;

	private final FleetCodec codec;

	private final Clock clock;

	private final FleetStoreSettings settings;

	private final AtomicLong malformedRecords = new AtomicLong();

	public FleetStore(StringRedisTemplate redis, KeySchema keys, FleetCodec codec, Clock clock,
			FleetStoreSettings settings) {
		this.redis = redis;
		this.keys = keys;
		this.codec = codec;
		this.clock = clock;
		this.settings = settings;
	}

	public KeySchema keys() {
		return this.keys;
	}

	// Nodes

	/**
	 * Writes the node's descriptor and creates its lifecycle state as {@code JOINING} if
	 * it has none: {@link #announce} and {@link #enroll} at once, for a test or a tool
	 * that stands in for both an agent and monkey-service. An existing state is kept.
	 * @return the node's lifecycle state after registering
	 */
	public NodeStatus register(Node node) {
		Instant now = this.clock.instant();
		String stored = this.redis.execute(REGISTER_NODE,
				List.of(this.keys.node(node.id()), this.keys.nodeIndex(), this.keys.nodeState(node.id())),
				this.codec.encode(node), node.id(), this.keys.changesChannel(),
				change(FleetChange.Kind.NODE, node.id(), now), this.codec.encode(NodeStatus.joining(now)));
		return decodeStatus(stored, this.keys.nodeState(node.id()), now)
			.orElseThrow(() -> new MalformedRecordException(this.keys.nodeState(node.id()),
					"the stored state is not valid; an operator must repair or remove the node", null));
	}

	/**
	 * What an agent does: writes the node's descriptor and adds it to the node index,
	 * never touching its lifecycle state (monkey-service {@linkplain #enroll enrolls} a
	 * new node; an existing state is kept, so a node being rebooted stays
	 * {@code REBOOTING} when its agent starts again).
	 * @return the node's lifecycle state, or empty when it is not enrolled yet
	 */
	public Optional<NodeStatus> announce(Node node) {
		Instant now = this.clock.instant();
		this.redis.execute(REGISTER_NODE, List.of(this.keys.node(node.id()), this.keys.nodeIndex()),
				this.codec.encode(node), node.id(), this.keys.changesChannel(),
				change(FleetChange.Kind.NODE, node.id(), now));
		return status(node.id());
	}

	/**
	 * Enrolls a registered node: creates its lifecycle state as {@code JOINING} if it has
	 * none. monkey-service's leader does it for every node an agent announced.
	 * @return whether the state was created (false: not registered, or enrolled already)
	 */
	public boolean enroll(String nodeId) {
		Instant now = this.clock.instant();
		Long created = this.redis.execute(ENROLL_NODE, List.of(this.keys.node(nodeId), this.keys.nodeState(nodeId)),
				this.codec.encode(NodeStatus.joining(now)), this.keys.changesChannel(),
				change(FleetChange.Kind.NODE, nodeId, now));
		return created != null && created == 1L;
	}

	public Optional<Node> node(String nodeId) {
		String key = this.keys.node(nodeId);
		return Optional.ofNullable(this.redis.opsForValue().get(key)).flatMap((json) -> decodeNode(nodeId, json, key));
	}

	/** Every registered node, in id order. */
	public List<Node> nodes() {
		Set<String> ids = nodeIds();
		return List.copyOf(readAll(ids, this.keys::node, this::decodeNode).values());
	}

	public Optional<NodeStatus> status(String nodeId) {
		String key = this.keys.nodeState(nodeId);
		Instant now = this.clock.instant();
		return Optional.ofNullable(this.redis.opsForValue().get(key)).flatMap((json) -> decodeStatus(json, key, now));
	}

	/**
	 * Moves a node to {@code target} if its state is still {@code expected} (state and
	 * version), recording a {@code NODE_STATE_CHANGED} event with the reason, the actor
	 * and the evidence.
	 * @throws io.monkeyfleet.model.IllegalTransitionException when the transition table
	 * does not allow {@code expected.state() → target}; nothing is written
	 */
	public TransitionResult transition(String nodeId, NodeStatus expected, NodeState target, String reason,
			String actor, Map<String, String> evidence) {
		Instant now = this.clock.instant();
		NodeStatus next = expected.moveTo(nodeId, target, now, reason);
		Map<String, String> eventEvidence = new java.util.LinkedHashMap<>();
		eventEvidence.put("from", expected.state().name());
		eventEvidence.put("to", target.name());
		eventEvidence.putAll(evidence);
		String pool = node(nodeId).map(Node::pool).orElse(null);
		FleetEvent event = new FleetEvent(now, EventType.NODE_STATE_CHANGED, nodeId, pool, reason, eventEvidence,
				actor);
		String stateKey = this.keys.nodeState(nodeId);
		String outcome = this.redis.execute(TRANSITION_NODE, List.of(stateKey, this.keys.events()),
				expected.state().name(), String.valueOf(expected.version()), this.codec.encode(next),
				this.codec.encode(event), maxLength(), this.keys.changesChannel(),
				change(FleetChange.Kind.NODE_STATE, nodeId, now));
		if ("A".equals(outcome)) {
			return new TransitionResult.Applied(next);
		}
		if ("M".equals(outcome) || outcome == null) {
			return new TransitionResult.NotFound();
		}
		return new TransitionResult.Conflict(decodeStatus(outcome.substring(1), stateKey, now));
	}

	/**
	 * Deletes a node's descriptor, state and sample and takes it out of the index,
	 * recording a {@code NODE_REMOVED} event.
	 * @return whether there was anything to remove
	 */
	public boolean removeNode(String nodeId, String reason, String actor) {
		Instant now = this.clock.instant();
		String pool = node(nodeId).map(Node::pool).orElse(null);
		FleetEvent event = new FleetEvent(now, EventType.NODE_REMOVED, nodeId, pool, reason, Map.of(), actor);
		Long removed = this.redis.execute(DELETE_DOCUMENT,
				List.of(this.keys.nodeIndex(), this.keys.events(), this.keys.node(nodeId), this.keys.nodeState(nodeId),
						this.keys.nodeSample(nodeId)),
				nodeId, this.codec.encode(event), maxLength(), this.keys.changesChannel(),
				change(FleetChange.Kind.NODE_REMOVED, nodeId, now));
		return removed != null && removed == 1;
	}

	// Metrics samples

	/**
	 * Writes the node's latest sample; it expires after {@code timeToLive}, after which
	 * the node reads as unknown.
	 */
	public void writeSample(MetricsSample sample, Duration timeToLive) {
		if (timeToLive.isNegative() || timeToLive.isZero()) {
			throw new IllegalArgumentException("sample time-to-live must be positive, was " + timeToLive);
		}
		this.redis.opsForValue().set(this.keys.nodeSample(sample.nodeId()), this.codec.encode(sample), timeToLive);
	}

	/** The node's latest unexpired valid sample; empty means unknown, never healthy. */
	public Optional<MetricsSample> sample(String nodeId) {
		String key = this.keys.nodeSample(nodeId);
		Instant now = this.clock.instant();
		return Optional.ofNullable(this.redis.opsForValue().get(key))
			.flatMap((json) -> decodeSample(nodeId, json, key, now));
	}

	/**
	 * The latest unexpired valid samples of the given nodes, in one read; a node missing
	 * from the result is unknown.
	 */
	public Map<String, MetricsSample> samples(Collection<String> nodeIds) {
		Instant now = this.clock.instant();
		return readAll(new TreeSet<>(nodeIds), this.keys::nodeSample,
				(id, json, key) -> decodeSample(id, json, key, now));
	}

	// Pools and routes

	public void savePool(Pool pool, String actor) {
		Instant now = this.clock.instant();
		FleetEvent event = new FleetEvent(now, EventType.POOL_SAVED, null, pool.name(), "pool saved",
				Map.of("minSize", String.valueOf(pool.minSize()), "maxSize", String.valueOf(pool.maxSize())), actor);
		putDocument(this.keys.pool(pool.name()), this.keys.poolIndex(), pool.name(), this.codec.encode(pool), event,
				change(FleetChange.Kind.POOL, pool.name(), now));
	}

	public Optional<Pool> pool(String name) {
		String key = this.keys.pool(name);
		return Optional.ofNullable(this.redis.opsForValue().get(key))
			.flatMap((json) -> decodeKeyed(json, Pool.class, key, name, Pool::name));
	}

	/** Every pool, in name order. */
	public List<Pool> pools() {
		return List.copyOf(readAll(members(this.keys.poolIndex()), this.keys::pool,
				(name, json, key) -> decodeKeyed(json, Pool.class, key, name, Pool::name))
			.values());
	}

	public void saveRoute(Route route, String actor) {
		Instant now = this.clock.instant();
		FleetEvent event = new FleetEvent(now, EventType.ROUTE_SAVED, null, route.pool(), "route saved",
				Map.of("route", route.id()), actor);
		putDocument(this.keys.route(route.id()), this.keys.routeIndex(), route.id(), this.codec.encode(route), event,
				change(FleetChange.Kind.ROUTE, route.id(), now));
	}

	/**
	 * @return whether the route existed
	 */
	public boolean deleteRoute(String routeId, String actor) {
		Instant now = this.clock.instant();
		FleetEvent event = new FleetEvent(now, EventType.ROUTE_DELETED, null, null, "route deleted",
				Map.of("route", routeId), actor);
		Long removed = this.redis.execute(DELETE_DOCUMENT,
				List.of(this.keys.routeIndex(), this.keys.events(), this.keys.route(routeId)), routeId,
				this.codec.encode(event), maxLength(), this.keys.changesChannel(),
				change(FleetChange.Kind.ROUTE, routeId, now));
		return removed != null && removed == 1;
	}

	/** Every route, in id order. */
	public List<Route> routes() {
		return List.copyOf(readAll(members(this.keys.routeIndex()), this.keys::route,
				(id, json, key) -> decodeKeyed(json, Route.class, key, id, Route::id))
			.values());
	}

	// The whole fleet

	/** Nodes, states, samples, pools and routes, read together. */
	public FleetSnapshot snapshot() {
		Instant now = this.clock.instant();
		Set<String> ids = nodeIds();
		Map<String, Node> nodes = readAll(ids, this.keys::node, this::decodeNode);
		Map<String, NodeStatus> statuses = readAll(nodes.keySet(), this.keys::nodeState,
				(id, json, key) -> decodeStatus(json, key, now));
		Map<String, MetricsSample> samples = readAll(nodes.keySet(), this.keys::nodeSample,
				(id, json, key) -> decodeSample(id, json, key, now));
		Map<String, Pool> pools = readAll(members(this.keys.poolIndex()), this.keys::pool,
				(name, json, key) -> decodeKeyed(json, Pool.class, key, name, Pool::name));
		Map<String, Route> routes = readAll(members(this.keys.routeIndex()), this.keys::route,
				(id, json, key) -> decodeKeyed(json, Route.class, key, id, Route::id));
		return new FleetSnapshot(now, new TreeMap<>(nodes), new TreeMap<>(statuses), new TreeMap<>(samples),
				new TreeMap<>(pools), new TreeMap<>(routes));
	}

	// Events

	/**
	 * Appends an event to the stream, which keeps only the newest
	 * {@link FleetStoreSettings#eventStreamMaxLength()} entries.
	 * @return the event's id in the stream
	 */
	public String appendEvent(FleetEvent event) {
		return this.redis.execute(APPEND_EVENT, List.of(this.keys.events()), this.codec.encode(event), maxLength());
	}

	/**
	 * Up to {@code limit} events after the one with id {@code afterId} (all, if null),
	 * oldest first.
	 */
	public List<StoredEvent> eventsAfter(String afterId, int limit) {
		Range<String> range = (afterId != null) ? Range.of(Range.Bound.exclusive(afterId), Range.Bound.unbounded())
				: Range.unbounded();
		return decodeEvents(this.redis.opsForStream().range(this.keys.events(), range, Limit.limit().count(limit)));
	}

	/** Events at or after {@code since}, oldest first, at most {@code limit}. */
	public List<StoredEvent> eventsSince(Instant since, int limit) {
		Range<String> range = Range.of(Range.Bound.inclusive(since.toEpochMilli() + "-0"), Range.Bound.unbounded());
		return decodeEvents(this.redis.opsForStream().range(this.keys.events(), range, Limit.limit().count(limit)));
	}

	/**
	 * Up to {@code limit} events before the one with id {@code beforeId} (from the
	 * newest, if null), newest first: a reader pages back by passing the last id it saw.
	 */
	public List<StoredEvent> eventsBefore(String beforeId, int limit) {
		Range<String> range = (beforeId != null) ? Range.of(Range.Bound.unbounded(), Range.Bound.exclusive(beforeId))
				: Range.unbounded();
		return decodeEvents(
				this.redis.opsForStream().reverseRange(this.keys.events(), range, Limit.limit().count(limit)));
	}

	/** The newest {@code limit} events, newest first. */
	public List<StoredEvent> latestEvents(int limit) {
		return decodeEvents(this.redis.opsForStream()
			.reverseRange(this.keys.events(), Range.unbounded(), Limit.limit().count(limit)));
	}

	/** How many events the stream holds now. */
	public long eventCount() {
		Long size = this.redis.opsForStream().size(this.keys.events());
		return (size != null) ? size : 0;
	}

	/** How many malformed records this store has refused since it was created. */
	public long malformedRecords() {
		return this.malformedRecords.get();
	}

	// Gateway reports (gateway-service)

	/**
	 * Writes a gateway's traffic report over its previous one and appends {@code events}
	 * (its ejections), in one pipelined round trip.
	 */
	public void publishGatewayReport(GatewayReport report, List<FleetEvent> events) {
		String json = this.codec.encode(report);
		List<String> encodedEvents = events.stream().map(this.codec::encode).toList();
		this.redis.executePipelined(new SessionCallback<Object>() {
			@Override
			@SuppressWarnings("unchecked")
			public <K, V> Object execute(RedisOperations<K, V> operations) {
				RedisOperations<String, String> strings = (RedisOperations<String, String>) operations;
				strings.opsForHash().put(FleetStore.this.keys.gatewayReports(), report.gatewayId(), json);
				for (String event : encodedEvents) {
					strings.opsForStream()
						.add(MapRecord.create(FleetStore.this.keys.events(), Map.of(EVENT_FIELD, event)),
								XAddOptions.maxlen(FleetStore.this.settings.eventStreamMaxLength()));
				}
				return null;
			}
		});
	}

	/**
	 * Every gateway's latest valid report, in gateway id order, old ones included: a
	 * reader decides by {@link GatewayReport#writtenAt()} which it still trusts.
	 */
	public List<GatewayReport> gatewayReports() {
		String key = this.keys.gatewayReports();
		Map<Object, Object> entries = this.redis.opsForHash().entries(key);
		Map<String, GatewayReport> reports = new TreeMap<>();
		Instant now = this.clock.instant();
		entries.forEach((field,
				json) -> decodeKeyed(String.valueOf(json), GatewayReport.class, key + "#" + field,
						String.valueOf(field), GatewayReport::gatewayId)
					.filter((report) -> notInFuture(report.writtenAt(), key + "#" + field, now))
					.ifPresent((report) -> reports.put(report.gatewayId(), report)));
		return List.copyOf(reports.values());
	}

	/**
	 * Removes a gateway's report: when it stops, or when another finds it long stale.
	 * @return whether there was one
	 */
	public boolean removeGatewayReport(String gatewayId) {
		Long removed = this.redis.opsForHash().delete(this.keys.gatewayReports(), gatewayId);
		return removed != null && removed > 0;
	}

	// Reading and validating

	private Set<String> nodeIds() {
		return members(this.keys.nodeIndex());
	}

	private Set<String> members(String indexKey) {
		Set<String> members = this.redis.opsForSet().members(indexKey);
		return (members != null) ? new TreeSet<>(members) : new TreeSet<>();
	}

	/** One MGET for all ids; ids whose key is missing or malformed are left out. */
	private <T> Map<String, T> readAll(Collection<String> ids, Function<String, String> keyOf, Decoder<T> decoder) {
		Map<String, T> result = new TreeMap<>();
		if (ids.isEmpty()) {
			return result;
		}
		List<String> idList = new ArrayList<>(ids);
		List<String> values = this.redis.opsForValue().multiGet(idList.stream().map(keyOf).toList());
		for (int i = 0; i < idList.size(); i++) {
			String json = (values != null) ? values.get(i) : null;
			if (json != null) {
				String id = idList.get(i);
				decoder.decode(id, json, keyOf.apply(id)).ifPresent((value) -> result.put(id, value));
			}
		}
		return result;
	}

	private Optional<Node> decodeNode(String nodeId, String json, String key) {
		return decodeKeyed(json, Node.class, key, nodeId, Node::id);
	}

	private Optional<NodeStatus> decodeStatus(String json, String key, Instant now) {
		return decode(json, NodeStatus.class, key).filter((status) -> notInFuture(status.since(), key, now));
	}

	private Optional<MetricsSample> decodeSample(String nodeId, String json, String key, Instant now) {
		return decodeKeyed(json, MetricsSample.class, key, nodeId, MetricsSample::nodeId)
			.filter((sample) -> notInFuture(sample.sampledAt(), key, now));
	}

	/**
	 * Decodes a record that names itself, and refuses it if it names another key's owner.
	 */
	private <T> Optional<T> decodeKeyed(String json, Class<T> type, String key, String expectedId,
			Function<T, String> idOf) {
		return decode(json, type, key).filter((value) -> {
			if (idOf.apply(value).equals(expectedId)) {
				return true;
			}
			refuse(new MalformedRecordException(key,
					"names '" + idOf.apply(value) + "' but is stored under '" + expectedId + "'", null));
			return false;
		});
	}

	private boolean notInFuture(Instant time, String key, Instant now) {
		if (time.isAfter(now.plus(this.settings.maxClockSkew()))) {
			refuse(new MalformedRecordException(key, "timestamp " + time + " is in the future (now " + now
					+ ", allowed skew " + this.settings.maxClockSkew() + ")", null));
			return false;
		}
		return true;
	}

	private <T> Optional<T> decode(String json, Class<T> type, String key) {
		try {
			return Optional.of(this.codec.decode(json, type, key));
		}
		catch (MalformedRecordException ex) {
			refuse(ex);
			return Optional.empty();
		}
	}

	private List<StoredEvent> decodeEvents(List<MapRecord<String, Object, Object>> records) {
		if (records == null) {
			return List.of();
		}
		List<StoredEvent> events = new ArrayList<>(records.size());
		for (MapRecord<String, Object, Object> record : records) {
			String source = this.keys.events() + "#" + record.getId().getValue();
			Object json = record.getValue().get(EVENT_FIELD);
			decode((json != null) ? json.toString() : null, FleetEvent.class, source)
				.ifPresent((event) -> events.add(new StoredEvent(record.getId().getValue(), event)));
		}
		return events;
	}

	private void refuse(MalformedRecordException ex) {
		this.malformedRecords.incrementAndGet();
		logger.warn("Refused malformed record {}", ex.getMessage());
	}

	// Writing

	private void putDocument(String key, String indexKey, String id, String json, FleetEvent event, String change) {
		this.redis.execute(PUT_DOCUMENT, List.of(key, indexKey, this.keys.events()), json, id, this.codec.encode(event),
				maxLength(), this.keys.changesChannel(), change);
	}

	private String change(FleetChange.Kind kind, String id, Instant now) {
		return this.codec.encode(new FleetChange(kind, id, now));
	}

	private String maxLength() {
		return String.valueOf(this.settings.eventStreamMaxLength());
	}

	private static RedisScript<String> script(String name) {
		return script(name, String.class);
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		return RedisScript.of(new ClassPathResource(name, FleetStore.class), resultType);
	}

	@FunctionalInterface
	private interface Decoder<T> {

		Optional<T> decode(String id, String json, String key);

	}

}

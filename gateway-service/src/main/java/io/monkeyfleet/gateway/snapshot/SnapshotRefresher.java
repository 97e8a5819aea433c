package io.monkeyfleet.gateway.snapshot;

import io.monkeyfleet.concurrent.DaemonThreads;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetChange;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.store.FleetChangeSubscriber;
import io.monkeyfleet.store.FleetSnapshot;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.MalformedRecordException;
import io.monkeyfleet.store.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Keeps the routing view in step with Redis, on one background thread: a full read when a
 * change message arrives (coalesced) and every {@code full-resync-interval}, the agents'
 * samples every {@code sample-refresh-interval}. Every read goes through the shrink guard
 * before it is applied. When Redis is unreachable nothing is applied: the last good view
 * stays, and the first successful read afterwards triggers a full one. At start-up the
 * snapshot file, if usable, is applied first.
 */
final class SnapshotRefresher implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SnapshotRefresher.class);

	/**
	 * How many recent events to look through for removals; far more than a resync sees.
	 */
	private static final int EVENT_LOOKBACK = 1000;

	private final FleetStore store;

	private final Supplier<FleetChangeSubscriber> subscribers;

	private final SnapshotHolder holder;

	private final RoutingViewBuilder builder;

	private final ShrinkGuard guard;

	private final SnapshotFile file;

	private final SnapshotProperties properties;

	private final Clock clock;

	private final Duration eventLookbackMargin;

	private final AtomicBoolean refreshPending = new AtomicBoolean();

	private final AtomicLong generation = new AtomicLong();

	private final Counter refusedUpdates;

	private final MeterRegistry registry;

	private final Timer changeLag;

	private ScheduledExecutorService executor;

	// Made once Redis has answered: subscribing to a Redis that is down fails.
	private FleetChangeSubscriber subscriber;

	private AutoCloseable subscription;

	// Touched on the snapshot thread only.

	private AppliedFleet applied;

	private FleetSnapshot lastRead;

	private ShrinkGuard.Evidence lastEvidence = ShrinkGuard.Evidence.NONE;

	private Set<Refusal> lastRefusals = Set.of();

	private Instant lastFileWrite;

	private int lastStructure;

	private volatile boolean redisReachable;

	private volatile Instant redisUnreachableSince;

	private volatile Instant lastSuccessfulRead;

	private volatile boolean running;

	/**
	 * @param eventLookbackMargin removals recorded this long before the previous read
	 * still count (clocks of different hosts disagree a little)
	 */
	SnapshotRefresher(FleetStore store, Supplier<FleetChangeSubscriber> subscribers, SnapshotHolder holder,
			RoutingViewBuilder builder, ShrinkGuard guard, SnapshotFile file, SnapshotProperties properties,
			Clock clock, Duration eventLookbackMargin, MeterRegistry registry) {
		this.store = store;
		this.subscribers = subscribers;
		this.holder = holder;
		this.builder = builder;
		this.guard = guard;
		this.file = file;
		this.properties = properties;
		this.clock = clock;
		this.eventLookbackMargin = eventLookbackMargin;
		this.registry = registry;
		this.refusedUpdates = Counter.builder("monkeyfleet.gateway.snapshot.refused.updates")
			.description("Updates from Redis the shrink guard refused (in part)")
			.register(registry);
		this.changeLag = Timer.builder("monkeyfleet.gateway.snapshot.change.lag")
			.description("From a change in Redis (the writer's clock) to its view being applied")
			.publishPercentiles(0.5, 0.99)
			.register(registry);
		Gauge.builder("monkeyfleet.gateway.snapshot.age", this, SnapshotRefresher::ageSeconds)
			.description("Seconds since the routing view's data was read from Redis")
			.baseUnit("seconds")
			.register(registry);
		Gauge.builder("monkeyfleet.gateway.snapshot.redis.reachable", this, (self) -> self.redisReachable ? 1 : 0)
			.description("1 when the last read from Redis succeeded")
			.register(registry);
		Gauge
			.builder("monkeyfleet.gateway.snapshot.held.nodes", holder,
					(h) -> h.current().map(RoutingView::heldNodes).orElse(0))
			.description("Nodes kept routable because an update that lost them was refused")
			.register(registry);
		Gauge.builder("monkeyfleet.gateway.ssrf.refused.nodes", builder, RoutingViewBuilder::refusedNodeCount)
			.description("Routable nodes the address guard refused")
			.register(registry);
		Gauge.builder("monkeyfleet.gateway.routes.refused", builder, RoutingViewBuilder::refusedRouteCount)
			.description("Routes refused by vetting (unknown filter, forbidden URI)")
			.register(registry);
	}

	@Override
	public void start() {
		this.executor = DaemonThreads.scheduler("gateway-snapshot");
		this.running = true;
		this.executor.execute(this::loadFile);
		this.executor.execute(() -> fullRefresh("start-up"));
		long samples = this.properties.sampleRefreshInterval().toMillis();
		long full = this.properties.fullResyncInterval().toMillis();
		this.executor.scheduleWithFixedDelay(guarded(this::sampleRefresh), samples, samples, TimeUnit.MILLISECONDS);
		this.executor.scheduleWithFixedDelay(guarded(() -> fullRefresh("periodic resync")), full, full,
				TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.running = false;
		DaemonThreads.shutdown(this.executor, Duration.ofSeconds(5));
		unsubscribe();
	}

	/**
	 * Subscribes to change messages once Redis answers; the subscriber then resubscribes
	 * by itself after later outages. Changes made before the subscription took are caught
	 * by one more full read.
	 */
	private void subscribeIfNeeded() {
		if (this.subscription != null) {
			return;
		}
		try {
			this.subscriber = this.subscribers.get();
			this.subscription = this.subscriber.subscribe(this::onChange);
			logger.info("Subscribed to fleet change messages");
			this.executor.execute(guarded(() -> fullRefresh("subscribed to changes")));
		}
		catch (RuntimeException ex) {
			logger.info("Could not subscribe to fleet change messages yet ({}); trying again after the next read",
					rootMessage(ex));
			unsubscribe();
		}
	}

	private void unsubscribe() {
		try {
			if (this.subscription != null) {
				this.subscription.close();
			}
		}
		catch (Exception ex) {
			logger.debug("Closing the change subscription failed", ex);
		}
		if (this.subscriber != null) {
			this.subscriber.close();
		}
		this.subscription = null;
		this.subscriber = null;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Whether the latest read from Redis succeeded. */
	boolean redisReachable() {
		return this.redisReachable;
	}

	/** When the routing view's data was last read from Redis, if ever. */
	Instant lastSuccessfulRead() {
		return this.lastSuccessfulRead;
	}

	private void onChange(FleetChange change) {
		this.changeLag.record(Duration.between(change.time(), this.clock.instant()).abs());
		if (this.refreshPending.compareAndSet(false, true)) {
			this.executor.execute(guarded(() -> {
				this.refreshPending.set(false);
				fullRefresh("change of " + change.kind() + " " + change.id());
			}));
		}
	}

	private void loadFile() {
		try {
			AppliedFleet stored = this.file.read().orElse(null);
			if (stored == null) {
				logger.info("No snapshot file at {} yet", this.file.path().toAbsolutePath());
				return;
			}
			Duration age = Duration.between(stored.fleet().readAt(), this.clock.instant());
			if (age.compareTo(this.properties.fileMaxAge()) > 0) {
				logger.warn("Ignored snapshot file {}: it was read from Redis {} ago, more than file-max-age {}",
						this.file.path().toAbsolutePath(), age, this.properties.fileMaxAge());
				return;
			}
			if (this.applied != null) {
				return;
			}
			this.applied = stored;
			RoutingView view = this.builder.build(stored, RoutingView.Source.FILE, this.generation.incrementAndGet());
			this.holder.set(view);
			logger.info("Routing from snapshot file {} (read from Redis {} ago): {} routes, {} routable nodes",
					this.file.path().toAbsolutePath(), age, view.routes().size(), view.routableCount());
		}
		catch (IOException | MalformedRecordException ex) {
			logger.warn("Ignored snapshot file {}: {}", this.file.path().toAbsolutePath(), ex.getMessage());
		}
	}

	private void fullRefresh(String trigger) {
		FleetSnapshot read;
		ShrinkGuard.Evidence evidence;
		try {
			read = this.store.snapshot();
			evidence = (this.applied != null) ? evidenceSince(this.applied.fleet().readAt())
					: ShrinkGuard.Evidence.NONE;
		}
		catch (RuntimeException ex) {
			unreachable(ex);
			return;
		}
		reachable();
		this.lastRead = read;
		this.lastEvidence = evidence;
		apply(read, evidence, trigger);
		subscribeIfNeeded();
	}

	private void sampleRefresh() {
		if (this.lastRead == null) {
			fullRefresh("no full read yet");
			return;
		}
		Map<String, MetricsSample> samples;
		try {
			samples = this.store.samples(this.lastRead.nodes().keySet());
		}
		catch (RuntimeException ex) {
			unreachable(ex);
			return;
		}
		if (!this.redisReachable) {
			// Back after an outage: change messages may have been lost meanwhile.
			reachable();
			fullRefresh("Redis reachable again");
			return;
		}
		FleetSnapshot read = new FleetSnapshot(this.clock.instant(), this.lastRead.nodes(), this.lastRead.statuses(),
				new TreeMap<>(samples), this.lastRead.pools(), this.lastRead.routes());
		this.lastRead = read;
		apply(read, this.lastEvidence, "samples");
	}

	private ShrinkGuard.Evidence evidenceSince(Instant previousRead) {
		Instant since = previousRead.minus(this.eventLookbackMargin);
		Set<String> removedNodes = new HashSet<>();
		Set<String> deletedRoutes = new HashSet<>();
		// Only the events since the previous read: a handful normally. After a long
		// outage
		// more than the limit may have piled up; missing one only makes the guard keep a
		// node.
		List<StoredEvent> events = this.store.eventsSince(since, EVENT_LOOKBACK);
		for (StoredEvent stored : events) {
			FleetEvent event = stored.event();
			if (event.type() == EventType.NODE_REMOVED && event.nodeId() != null) {
				removedNodes.add(event.nodeId());
			}
			if (event.type() == EventType.ROUTE_DELETED && event.evidence().containsKey("route")) {
				deletedRoutes.add(event.evidence().get("route"));
			}
		}
		return new ShrinkGuard.Evidence(removedNodes, deletedRoutes);
	}

	private void apply(FleetSnapshot read, ShrinkGuard.Evidence evidence, String trigger) {
		ShrinkGuard.Result result = this.guard.guard(this.applied, read, evidence);
		reportRefusals(result.refusals(), trigger);
		this.applied = result.applied();
		RoutingView view = this.builder.build(this.applied, RoutingView.Source.REDIS,
				this.generation.incrementAndGet());
		this.holder.set(view);
		writeFileIfDue();
	}

	private void reportRefusals(List<Refusal> refusals, String trigger) {
		if (!refusals.isEmpty()) {
			this.refusedUpdates.increment();
			refusals.forEach(
					(refusal) -> this.registry.counter("monkeyfleet.gateway.snapshot.refused", "scope", refusal.scope())
						.increment());
		}
		Set<Refusal> now = Set.copyOf(refusals);
		for (Refusal refusal : refusals) {
			if (!this.lastRefusals.contains(refusal)) {
				logger.warn(
						"Refused part of an update from Redis ({}): {} of {} {} would go without a lifecycle event, "
								+ "and {}; keeping {}",
						trigger, refusal.lost(), refusal.before(), Refusal.ROUTES.equals(refusal.scope()) ? "routes"
								: "routable nodes of pool '" + refusal.scope() + "'",
						refusal.why(), refusal.kept());
			}
		}
		for (Refusal refusal : this.lastRefusals) {
			if (refusals.stream().noneMatch((r) -> r.scope().equals(refusal.scope()))) {
				logger.info("Updates of '{}' are applied again: no longer refused", refusal.scope());
			}
		}
		this.lastRefusals = now;
	}

	private void writeFileIfDue() {
		FleetSnapshot fleet = this.applied.fleet();
		int structure = Objects.hash(fleet.nodes(), fleet.statuses(), fleet.routes(), fleet.pools(),
				this.applied.heldNodes());
		Instant now = this.clock.instant();
		boolean due = this.lastFileWrite == null || structure != this.lastStructure
				|| this.lastFileWrite.plus(this.properties.fileWriteInterval()).isBefore(now);
		if (!due) {
			return;
		}
		try {
			this.file.write(this.applied, now);
			this.lastFileWrite = now;
			this.lastStructure = structure;
		}
		catch (IOException | RuntimeException ex) {
			// Routing goes on; only a cold start during a Redis outage would miss the
			// file.
			logger.warn("Could not write the snapshot file {}: {}", this.file.path().toAbsolutePath(), ex.getMessage());
			this.lastFileWrite = now;
		}
	}

	private void unreachable(RuntimeException ex) {
		if (this.redisReachable || this.redisUnreachableSince == null) {
			this.redisUnreachableSince = this.clock.instant();
			RoutingView view = this.holder.current().orElse(null);
			if (view != null) {
				logger.warn(
						"Redis is unreachable ({}); routing on the snapshot read at {} ({} routes, {} routable nodes)",
						rootMessage(ex), view.readAt(), view.routes().size(), view.routableCount());
			}
			else {
				logger.warn("Redis is unreachable ({}) and there is no snapshot: not ready until Redis answers",
						rootMessage(ex));
			}
		}
		this.redisReachable = false;
	}

	private void reachable() {
		if (!this.redisReachable && this.redisUnreachableSince != null) {
			logger.info("Redis is reachable again after {}",
					Duration.between(this.redisUnreachableSince, this.clock.instant()));
		}
		this.redisReachable = true;
		this.redisUnreachableSince = null;
		this.lastSuccessfulRead = this.clock.instant();
	}

	private double ageSeconds() {
		return this.holder.current()
			.map((view) -> Duration.between(view.readAt(), this.clock.instant()).toMillis() / 1000.0)
			.orElse(Double.NaN);
	}

	private Runnable guarded(Runnable task) {
		return () -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				// A scheduled task that throws is never run again; log and go on instead.
				logger.error("Snapshot refresh failed", ex);
			}
		};
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause.getClass().getSimpleName() + ": " + cause.getMessage();
	}

}

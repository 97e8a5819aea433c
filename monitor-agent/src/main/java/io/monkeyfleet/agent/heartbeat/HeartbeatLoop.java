package io.monkeyfleet.agent.heartbeat;

import io.monkeyfleet.concurrent.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.monkeyfleet.agent.sampling.Sampler;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.store.FleetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one job: every interval, sample the node and write the sample with a
 * time-to-live, so that a node whose agent stops (hung, killed, frozen) disappears by
 * itself.
 *
 * <p>
 * Redis being away never stops the loop: a failed write is counted, the outage is logged
 * once when it starts and once when it ends, and nothing is buffered (the next sample
 * replaces the lost one). After an outage, and every {@code reregisterInterval}, the node
 * is registered again: Redis may have come back empty. Registration never changes a
 * lifecycle state monkey-service set.
 */
public final class HeartbeatLoop implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(HeartbeatLoop.class);

	private final Node node;

	private final Sampler sampler;

	private final FleetStore store;

	private final Duration interval;

	private final Duration timeToLive;

	private final Duration reregisterInterval;

	private final Clock clock;

	private final ScheduledExecutorService scheduler = DaemonThreads.scheduler("heartbeat");

	private final AtomicLong samplesWritten = new AtomicLong();

	private final AtomicLong writeFailures = new AtomicLong();

	private final AtomicReference<Instant> lastWrite = new AtomicReference<>();

	private boolean registered;

	private Instant registeredAt = Instant.MIN;

	private long failuresThisOutage;

	public HeartbeatLoop(Node node, Sampler sampler, FleetStore store, Duration interval, Duration timeToLive,
			Duration reregisterInterval, Clock clock) {
		this.node = node;
		this.sampler = sampler;
		this.store = store;
		this.interval = interval;
		this.timeToLive = timeToLive;
		this.reregisterInterval = reregisterInterval;
		this.clock = clock;
	}

	public void start() {
		logger.info("Agent for node {} in pool {} at {}: a sample every {} ms, kept {} ms", this.node.id(),
				this.node.pool(), this.node.address(), this.interval.toMillis(), this.timeToLive.toMillis());
		this.scheduler.scheduleAtFixedRate(this::tick, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** One heartbeat. Never throws: an exception would silently end a scheduled task. */
	void tick() {
		try {
			Optional<MetricsSample> sample = this.sampler.sample();
			registerIfDue();
			if (sample.isPresent()) {
				this.store.writeSample(sample.get(), this.timeToLive);
				this.samplesWritten.incrementAndGet();
				this.lastWrite.set(this.clock.instant());
			}
			endOutageIfAny();
		}
		catch (RuntimeException ex) {
			recordFailure(ex);
		}
	}

	private void registerIfDue() {
		Instant now = this.clock.instant();
		if (this.registered && now.isBefore(this.registeredAt.plus(this.reregisterInterval))) {
			return;
		}
		// Never the node's lifecycle state: monkey-service enrolls a new node.
		Optional<NodeStatus> status = this.store.announce(this.node);
		if (!this.registered) {
			logger.info("Registered node {}; {}", this.node.id(),
					status.map((known) -> "its state is " + known.state() + " (set by monkey-service)")
						.orElse("monkey-service enrolls it (JOINING)"));
		}
		this.registered = true;
		this.registeredAt = now;
	}

	private void endOutageIfAny() {
		if (this.failuresThisOutage > 0) {
			logger.info("Redis reachable again after {} failed heartbeat(s); node {} re-registered",
					this.failuresThisOutage, this.node.id());
			this.failuresThisOutage = 0;
		}
	}

	private void recordFailure(RuntimeException ex) {
		this.writeFailures.incrementAndGet();
		if (this.failuresThisOutage++ == 0) {
			logger.warn("Heartbeat of node {} failed ({}); sampling goes on and retries every {} ms", this.node.id(),
					rootMessage(ex), this.interval.toMillis());
			// Redis may come back empty: register again as soon as it is back.
			this.registered = false;
		}
	}

	/**
	 * The innermost message says what went wrong ("NOPERM ...", "Connection refused").
	 */
	private static String rootMessage(Throwable ex) {
		String message = ex.getMessage();
		for (Throwable cause = ex.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		return message;
	}

	public long samplesWritten() {
		return this.samplesWritten.get();
	}

	public long writeFailures() {
		return this.writeFailures.get();
	}

	/** Seconds since the last successful write; NaN before the first. */
	public double lastWriteAgeSeconds() {
		Instant last = this.lastWrite.get();
		return (last != null) ? Duration.between(last, this.clock.instant()).toMillis() / 1000.0 : Double.NaN;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}

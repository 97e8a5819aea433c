package io.monkeyfleet.gateway.traffic;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Everything this gateway counts about one node: in-flight requests, totals, a latency
 * average for node choice, an interval histogram for the Redis report, and the node's
 * Micrometer meters (made once here, so a request never looks a meter up by tags).
 */
final class NodeStats {

	final String nodeId;

	final String pool;

	final AtomicInteger inFlight = new AtomicInteger();

	final LongAdder requests = new LongAdder();

	final LongAdder errors = new LongAdder();

	final LatencyEwma latency;

	final LatencyHistogram interval = new LatencyHistogram();

	private final Timer timer;

	private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);

	private final List<Meter> meters = new ArrayList<>();

	volatile long lastActivityNanos;

	NodeStats(String nodeId, String pool, double latencySmoothing, Duration latencyIdleHalfLife, MeterRegistry registry,
			long nowNanos) {
		this.nodeId = nodeId;
		this.pool = pool;
		this.latency = new LatencyEwma(latencySmoothing, latencyIdleHalfLife.toNanos());
		this.lastActivityNanos = nowNanos;
		this.timer = Timer.builder("monkeyfleet.gateway.node.latency")
			.description("Response time of a node, as this gateway sees it")
			.tags("pool", pool, "node", nodeId)
			.publishPercentileHistogram()
			.minimumExpectedValue(Duration.ofMillis(1))
			.maximumExpectedValue(Duration.ofSeconds(60))
			.register(registry);
		this.meters.add(this.timer);
		for (Outcome outcome : Outcome.values()) {
			Counter counter = Counter.builder("monkeyfleet.gateway.node.requests")
				.description("Requests this gateway sent to a node, by outcome")
				.tags("pool", pool, "node", nodeId, "outcome", outcome.tag)
				.register(registry);
			this.outcomes.put(outcome, counter);
			this.meters.add(counter);
		}
		this.meters.add(Gauge.builder("monkeyfleet.gateway.node.inflight", this.inFlight, AtomicInteger::get)
			.description("Requests to a node that have not finished")
			.tags("pool", pool, "node", nodeId)
			.register(registry));
	}

	void started(long nowNanos) {
		this.inFlight.incrementAndGet();
		this.lastActivityNanos = nowNanos;
	}

	/**
	 * @param latencyNanos how long it took; negative when there is no meaningful latency
	 * (refused, cancelled)
	 */
	void finished(Outcome outcome, long latencyNanos, long nowNanos) {
		this.inFlight.decrementAndGet();
		this.lastActivityNanos = nowNanos;
		this.outcomes.get(outcome).increment();
		if (outcome == Outcome.CANCELLED) {
			return;
		}
		this.requests.increment();
		if (outcome.isError()) {
			this.errors.increment();
		}
		if (latencyNanos >= 0) {
			double millis = latencyNanos / 1e6;
			this.latency.observe(millis, nowNanos);
			this.interval.record(millis);
			this.timer.record(latencyNanos, TimeUnit.NANOSECONDS);
		}
	}

	void removeMeters(MeterRegistry registry) {
		this.meters.forEach(registry::remove);
	}

}

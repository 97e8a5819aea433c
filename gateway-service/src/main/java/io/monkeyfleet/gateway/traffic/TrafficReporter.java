package io.monkeyfleet.gateway.traffic;

import io.monkeyfleet.concurrent.DaemonThreads;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.monkeyfleet.gateway.balancing.Ticker;
import io.monkeyfleet.gateway.outlier.OutlierDetector;
import io.monkeyfleet.gateway.snapshot.RoutingView;
import io.monkeyfleet.gateway.snapshot.SnapshotHolder;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.GatewayReport;
import io.monkeyfleet.model.NodeTraffic;
import io.monkeyfleet.store.FleetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Writes this gateway's per-node report (requests, errors, in-flight, latency, ejection)
 * to Redis about once a second, together with pending ejection events, in one pipelined
 * round trip: the original "request monitor" and "latency monitor". monkey-service reads
 * the in-flight counts to know when a draining node is drained. On a clean stop the
 * report is removed, so no reader waits on the counts of a gateway that is gone.
 */
final class TrafficReporter implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(TrafficReporter.class);

	private static final int EVENTS_PER_REPORT = 100;

	private final String gatewayId;

	private final FleetStore store;

	private final NodeStatsRegistry stats;

	private final OutlierDetector outliers;

	private final EjectionLog ejections;

	private final SnapshotHolder holder;

	private final TrafficProperties properties;

	private final Clock clock;

	private final Ticker ticker;

	private final Counter failures;

	private ScheduledExecutorService executor;

	private volatile boolean running;

	private boolean failing;

	private Instant lastPrune;

	TrafficReporter(String gatewayId, FleetStore store, NodeStatsRegistry stats, OutlierDetector outliers,
			EjectionLog ejections, SnapshotHolder holder, TrafficProperties properties, Clock clock, Ticker ticker,
			MeterRegistry registry) {
		this.gatewayId = gatewayId;
		this.store = store;
		this.stats = stats;
		this.outliers = outliers;
		this.ejections = ejections;
		this.holder = holder;
		this.properties = properties;
		this.clock = clock;
		this.ticker = ticker;
		this.failures = Counter.builder("monkeyfleet.gateway.report.failures")
			.description("Reports that could not be written to Redis")
			.register(registry);
	}

	@Override
	public void start() {
		this.executor = DaemonThreads.scheduler("gateway-report");
		long interval = this.properties.reportInterval().toMillis();
		this.executor.scheduleWithFixedDelay(this::publishSafely, interval, interval, TimeUnit.MILLISECONDS);
		this.running = true;
		logger.info("Reporting traffic to Redis as gateway '{}' every {}", this.gatewayId,
				this.properties.reportInterval());
	}

	@Override
	public void stop() {
		this.running = false;
		DaemonThreads.shutdown(this.executor, Duration.ofSeconds(5));
		try {
			this.store.removeGatewayReport(this.gatewayId);
		}
		catch (RuntimeException ex) {
			logger.info("Could not remove this gateway's report on the way out ({}); it ages out instead",
					ex.getMessage());
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stop after the web server has finished its requests, before the Redis
		// connection goes.
		return SmartLifecycle.DEFAULT_PHASE - 4096;
	}

	/** Builds the report of this interval; takes the interval's latency histograms. */
	GatewayReport report() {
		Instant now = this.clock.instant();
		long nanos = this.ticker.nanos();
		RoutingView view = this.holder.current().orElse(null);
		long forgetAfter = this.properties.forgetIdleNodesAfter().toNanos();
		Map<String, NodeTraffic> nodes = new TreeMap<>();
		for (NodeStats node : this.stats.all()) {
			boolean known = view != null && view.poolOfNode().containsKey(node.nodeId);
			if (!known && node.inFlight.get() == 0 && nanos - node.lastActivityNanos > forgetAfter) {
				this.stats.forget(node);
				this.outliers.forget(node.nodeId);
				continue;
			}
			LatencyHistogram.Quantiles interval = node.interval.takeInterval();
			double ewma = node.latency.millis(nanos);
			nodes.put(node.nodeId,
					new NodeTraffic(node.pool, node.requests.sum(), node.errors.sum(), Math.max(0, node.inFlight.get()),
							Double.isNaN(ewma) ? 0 : ewma, interval.p50Millis(), interval.p95Millis(),
							interval.p99Millis(), this.outliers.ejectedUntil(node.nodeId).orElse(null)));
		}
		return new GatewayReport(this.gatewayId, now, nodes);
	}

	private void publishSafely() {
		try {
			publish();
		}
		catch (RuntimeException ex) {
			this.failures.increment();
			if (!this.failing) {
				logger.warn("Could not write this gateway's traffic report to Redis ({}); routing is unaffected, "
						+ "reports resume when Redis answers", ex.getMessage());
			}
			this.failing = true;
		}
	}

	private void publish() {
		GatewayReport report = report();
		List<FleetEvent> events = this.ejections.peek(EVENTS_PER_REPORT);
		this.store.publishGatewayReport(report, events);
		this.ejections.published(events.size());
		if (this.failing) {
			logger.info("Traffic reports reach Redis again");
			this.failing = false;
		}
		pruneIfDue(report.writtenAt());
	}

	private void pruneIfDue(Instant now) {
		Duration pruneAfter = this.properties.reportPruneAfter();
		if (this.lastPrune != null && this.lastPrune.plus(pruneAfter).isAfter(now)) {
			return;
		}
		this.lastPrune = now;
		for (GatewayReport other : this.store.gatewayReports()) {
			if (!other.gatewayId().equals(this.gatewayId) && other.writtenAt().plus(pruneAfter).isBefore(now)) {
				this.store.removeGatewayReport(other.gatewayId());
				logger.info("Removed the report of gateway '{}', last written at {}", other.gatewayId(),
						other.writtenAt());
			}
		}
	}

}

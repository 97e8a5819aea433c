package io.monkeyfleet.monkey.alerts;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Alerts} monkey-service uses: {@link #raise} puts the alert on a bounded
 * queue and returns; one background worker takes alerts off the queue, logs each one,
 * groups and rate-limits them ({@link AlertGrouper}) and hands what is to be sent to each
 * channel's own {@link ChannelWorker}.
 *
 * <p>
 * The worker wakes at least every {@code flushInterval} to send the digests whose window
 * has ended ({@link #flushDue}); time comes from the injected clock, so a test drives the
 * worker's steps itself ({@link #processPending}, {@link #flushDue}) on a clock it moves
 * by hand, without starting the thread.
 *
 * <p>
 * Metrics: {@code monkeyfleet.alerts.raised}, {@code monkeyfleet.alerts.queue.dropped}
 * (the queue was full: the oldest alert made room) and the gauge
 * {@code monkeyfleet.alerts.held} (alerts waiting for their group's digest).
 */
final class AlertDispatcher implements Alerts {

	private static final Logger logger = LoggerFactory.getLogger(AlertDispatcher.class);

	private final AlertGrouper grouper;

	private final List<ChannelWorker> channels;

	private final Duration flushInterval;

	private final Duration shutdownGrace;

	private final Clock clock;

	private final DropOldestQueue<Alert> queue;

	private final Counter raised;

	private final Counter dropped;

	private final Thread worker;

	private volatile boolean stopping;

	AlertDispatcher(AlertGrouper grouper, List<ChannelWorker> channels, int queueCapacity, Duration flushInterval,
			Duration shutdownGrace, Clock clock, MeterRegistry registry) {
		this.grouper = grouper;
		this.channels = List.copyOf(channels);
		this.flushInterval = flushInterval;
		this.shutdownGrace = shutdownGrace;
		this.clock = clock;
		this.raised = Counter.builder("monkeyfleet.alerts.raised").description("Alerts raised").register(registry);
		this.dropped = Counter.builder("monkeyfleet.alerts.queue.dropped")
			.description("Alerts dropped before grouping because the alert queue was full (the oldest go first)")
			.register(registry);
		Gauge.builder("monkeyfleet.alerts.held", grouper, AlertGrouper::held)
			.description("Alerts held for their group's digest")
			.register(registry);
		this.queue = new DropOldestQueue<>(queueCapacity, this::droppedOne);
		this.worker = new Thread(this::run, "alerts");
		this.worker.setDaemon(true);
	}

	@Override
	public void raise(Alert alert) {
		try {
			if (alert == null) {
				logger.warn("Ignored a null alert");
				return;
			}
			this.raised.increment();
			this.queue.add(alert);
		}
		catch (RuntimeException ex) {
			// The contract: raising never throws. Nothing here should, but a
			// monkey's tick must not end because of an alert.
			logger.error("Could not queue alert {}", alert, ex);
		}
	}

	/** Names of the channels alerts go to; empty when they are only logged. */
	List<String> channelNames() {
		return this.channels.stream().map(ChannelWorker::name).toList();
	}

	void start() {
		logger.info("Alerts go to {}", this.channels.isEmpty() ? "the log only (no channel enabled)"
				: String.join(" and ", channelNames()) + " (and the log)");
		this.channels.forEach(ChannelWorker::start);
		this.worker.start();
	}

	/** Groups every queued alert and hands on what is to be sent now. */
	void processPending() {
		Alert alert;
		while ((alert = this.queue.poll()) != null) {
			accept(alert);
		}
	}

	/** Hands on the digests of every window that has ended. */
	void flushDue() {
		dispatch(this.grouper.flushDue(this.clock.instant()));
	}

	/**
	 * Stops the worker, sends what is queued and every digest still held (a digest that
	 * waited for its window would be lost with the process), and gives the channels
	 * {@code shutdownGrace} to deliver.
	 */
	void close() throws InterruptedException {
		this.stopping = true;
		this.worker.interrupt();
		// join(0) would wait for ever.
		this.worker.join(Math.max(1, this.shutdownGrace.toMillis()));
		processPending();
		dispatch(this.grouper.flushAll(this.clock.instant()));
		long deadline = System.nanoTime() + this.shutdownGrace.toNanos();
		for (ChannelWorker channel : this.channels) {
			channel.close(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
		}
	}

	private void run() {
		while (!this.stopping) {
			try {
				Alert first = this.queue.poll(this.flushInterval);
				if (first != null) {
					accept(first);
					processPending();
				}
				flushDue();
			}
			catch (InterruptedException ex) {
				return;
			}
			catch (RuntimeException ex) {
				// One bad notification must not end alerting for the rest of the process.
				logger.error("Alert worker failed; going on", ex);
			}
		}
	}

	/**
	 * Groups one alert and hands on what is to be sent now; logs the alert either way.
	 */
	private void accept(Alert alert) {
		List<Notification> out = this.grouper.offer(alert, this.clock.instant());
		boolean sentNow = out.stream().anyMatch((notification) -> !notification.isDigest());
		// Every alert reaches the log, held or not: with no channel enabled the
		// log is the only record.
		String line = AlertText.subject(Notification.immediate(alert)) + (sentNow ? "" : " (held for a digest)");
		if (alert.severity() == Severity.INFO) {
			logger.info("Alert: {}", line);
		}
		else {
			logger.warn("Alert: {}", line);
		}
		dispatch(out);
	}

	private void dispatch(List<Notification> notifications) {
		for (Notification notification : notifications) {
			if (notification.isDigest()) {
				logger.info("Alert digest: {}", AlertText.subject(notification));
			}
			this.channels.forEach((channel) -> channel.submit(notification));
		}
	}

	private void droppedOne() {
		this.dropped.increment();
		long count = (long) this.dropped.count();
		if (count == 1 || count % 100 == 0) {
			logger.warn("Alert queue full: dropped the oldest alert ({} dropped since start)", count);
		}
	}

}

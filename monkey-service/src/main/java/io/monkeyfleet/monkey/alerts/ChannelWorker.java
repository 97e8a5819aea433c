package io.monkeyfleet.monkey.alerts;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notifications on one channel from its own bounded queue on its own thread, so
 * a channel that hangs (an SMTP server that accepts and never answers) delays only
 * itself. A failed send is tried again with backoff; after the last attempt it is logged
 * and counted, and the worker goes on with the next notification.
 *
 * <p>
 * Metrics, tagged with the channel's name: {@code monkeyfleet.alerts.sent},
 * {@code monkeyfleet.alerts.failed} (gave up after every attempt) and
 * {@code monkeyfleet.alerts.dropped} (the queue was full). Each counts notifications: a
 * digest counts once.
 */
final class ChannelWorker {

	private static final Logger logger = LoggerFactory.getLogger(ChannelWorker.class);

	/**
	 * How the worker waits between attempts; a test passes one that records the waits.
	 */
	@FunctionalInterface
	interface Pause {

		void pause(Duration duration) throws InterruptedException;

	}

	private final AlertChannel channel;

	private final RetryPolicy retry;

	private final Pause pause;

	private final DropOldestQueue<Notification> queue;

	private final Counter sent;

	private final Counter failed;

	private final Counter dropped;

	private final Thread thread;

	private volatile boolean stopping;

	private volatile boolean busy;

	ChannelWorker(AlertChannel channel, int capacity, RetryPolicy retry, Pause pause, MeterRegistry registry) {
		this.channel = channel;
		this.retry = retry;
		this.pause = pause;
		this.sent = counter(registry, "monkeyfleet.alerts.sent", "Notifications sent", channel);
		this.failed = counter(registry, "monkeyfleet.alerts.failed",
				"Notifications given up on after every attempt failed", channel);
		this.dropped = counter(registry, "monkeyfleet.alerts.dropped",
				"Notifications dropped unsent because the channel's queue was full", channel);
		this.queue = new DropOldestQueue<>(capacity, this::droppedOne);
		this.thread = new Thread(this::run, "alerts-" + channel.name());
		this.thread.setDaemon(true);
	}

	String name() {
		return this.channel.name();
	}

	/** Queues a notification for this channel. Never blocks. */
	void submit(Notification notification) {
		this.queue.add(notification);
	}

	void start() {
		this.thread.start();
	}

	/**
	 * Delivers everything queued now on the calling thread: what the worker's thread
	 * does, for tests that drive it step by step.
	 */
	void deliverPending() throws InterruptedException {
		Notification next;
		while ((next = this.queue.poll()) != null) {
			deliver(next);
		}
	}

	/**
	 * Stops the worker: it finishes what is queued if it can within {@code grace}, then
	 * is interrupted. A send blocked in I/O ends at the channel's own timeout; the thread
	 * is a daemon and never holds the JVM.
	 */
	void close(Duration grace) throws InterruptedException {
		this.stopping = true;
		this.thread.join(Math.max(1, grace.toMillis()));
		if (this.thread.isAlive()) {
			logger.warn("Alert channel {} did not finish within {}; {} notification(s) left unsent", name(), grace,
					this.queue.size() + (this.busy ? 1 : 0));
			this.thread.interrupt();
		}
	}

	private void run() {
		try {
			while (!this.stopping || !this.queue.isEmpty()) {
				Notification next = this.queue.poll(Duration.ofMillis(200));
				if (next != null) {
					deliver(next);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void deliver(Notification notification) throws InterruptedException {
		this.busy = true;
		try {
			for (int attempt = 1;; attempt++) {
				try {
					long started = System.nanoTime();
					this.channel.send(notification);
					this.sent.increment();
					logger.debug("Sent '{}' by {} in {} ms", AlertText.subject(notification), name(),
							TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
					return;
				}
				catch (InterruptedException ex) {
					throw ex;
				}
				catch (Exception ex) {
					if (attempt >= this.retry.maxAttempts()) {
						this.failed.increment();
						logger.warn("Could not send alert '{}' by {} after {} attempt(s): {}",
								AlertText.subject(notification), name(), attempt, describe(ex));
						return;
					}
					Duration backoff = this.retry.backoffAfter(attempt);
					logger.info("Sending alert by {} failed (attempt {} of {}), trying again in {} ms: {}", name(),
							attempt, this.retry.maxAttempts(), backoff.toMillis(), describe(ex));
					this.pause.pause(backoff);
				}
			}
		}
		finally {
			this.busy = false;
		}
	}

	private void droppedOne() {
		this.dropped.increment();
		long count = (long) this.dropped.count();
		if (count == 1 || count % 100 == 0) {
			logger.warn("Alert channel {} is behind: dropped its oldest unsent notification ({} since start)", name(),
					count);
		}
	}

	/**
	 * The exception and its root cause in one line: no stack trace for a routine failure.
	 */
	private static String describe(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		if (root != ex) {
			text += " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
		}
		// JavaMail's messages span lines ("nested exception is:"); a log line should not.
		return text.replaceAll("\\s+", " ").strip();
	}

	private static Counter counter(MeterRegistry registry, String name, String description, AlertChannel channel) {
		return Counter.builder(name).description(description).tag("channel", channel.name()).register(registry);
	}

}

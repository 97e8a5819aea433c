package io.monkeyfleet.gateway.outlier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.monkeyfleet.gateway.balancing.Ejections;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the outcome of every request to a node and ejects the node from this gateway's
 * rotation when it looks broken: at once on a connection failure, after N consecutive
 * server errors otherwise. The ejection lasts the base time, doubling with each ejection
 * in a row up to the maximum. Local to this gateway: the node's lifecycle state is
 * monkey-service's business, which learns of ejections from the gateway's reports and
 * events.
 */
public final class OutlierDetector implements Ejections {

	private static final Logger logger = LoggerFactory.getLogger(OutlierDetector.class);

	private final OutlierProperties properties;

	private final Clock clock;

	private final Consumer<Ejection> listener;

	private final ConcurrentMap<String, NodeRecord> nodes = new ConcurrentHashMap<>();

	/**
	 * @param listener told of every ejection, on the thread of the request that caused
	 * it: keep it short
	 */
	public OutlierDetector(OutlierProperties properties, Clock clock, Consumer<Ejection> listener) {
		this.properties = properties;
		this.clock = clock;
		this.listener = listener;
	}

	/** The node refused the connection, or did not accept it in time, or dropped it. */
	public void connectionFailed(String nodeId, String pool, String what) {
		eject(nodeId, pool, what);
	}

	/** The node answered 5xx, or did not answer in time. */
	public void serverError(String nodeId, String pool, String what) {
		NodeRecord node = record(nodeId);
		int errors = node.consecutiveErrors.incrementAndGet();
		if (errors >= this.properties.consecutiveServerErrors()) {
			eject(nodeId, pool, errors + " server errors in a row, the last: " + what);
		}
	}

	/** The node answered below 500. */
	public void succeeded(String nodeId) {
		NodeRecord node = this.nodes.get(nodeId);
		if (node != null && node.consecutiveErrors.get() != 0) {
			node.consecutiveErrors.set(0);
		}
	}

	@Override
	public boolean isEjected(String nodeId) {
		NodeRecord node = this.nodes.get(nodeId);
		return node != null && node.ejectedUntilMillis > this.clock.millis();
	}

	public Optional<Instant> ejectedUntil(String nodeId) {
		NodeRecord node = this.nodes.get(nodeId);
		if (node == null || node.ejectedUntilMillis <= this.clock.millis()) {
			return Optional.empty();
		}
		return Optional.of(Instant.ofEpochMilli(node.ejectedUntilMillis));
	}

	/** Forgets a node that left the fleet. */
	public void forget(String nodeId) {
		this.nodes.remove(nodeId);
	}

	/**
	 * Forgets what this gateway held against a node that monkey-service took out of
	 * rotation (to drain, repair or replace it): when it comes back it has been dealt
	 * with, and starts with a clean record. An ejection kept across the repair would keep
	 * the repaired node out of this gateway's rotation and tell monkey-service it is
	 * still sick.
	 */
	public void leftRotation(String nodeId) {
		NodeRecord node = this.nodes.remove(nodeId);
		if (node != null && node.ejectedUntilMillis > this.clock.millis()) {
			logger.info("Node '{}' left rotation: its ejection ends here, it comes back with a clean record", nodeId);
		}
	}

	private void eject(String nodeId, String pool, String reason) {
		NodeRecord node = record(nodeId);
		Ejection ejection;
		synchronized (node) {
			long now = this.clock.millis();
			if (node.ejectedUntilMillis > now) {
				// Requests that were already under way fail too; one ejection is enough.
				return;
			}
			if (node.lastEjectionEndMillis != 0
					&& now - node.lastEjectionEndMillis > this.properties.maxEjectionTime().toMillis()) {
				node.streak = 0;
			}
			node.streak++;
			Duration length = ejectionLength(node.streak);
			node.ejectedUntilMillis = now + length.toMillis();
			node.lastEjectionEndMillis = node.ejectedUntilMillis;
			node.consecutiveErrors.set(0);
			ejection = new Ejection(nodeId, pool, reason, Instant.ofEpochMilli(now),
					Instant.ofEpochMilli(node.ejectedUntilMillis), node.streak);
		}
		logger.warn("Ejected node '{}' of pool '{}' for {} (ejection {} in a row): {}", nodeId, pool, ejection.length(),
				ejection.streak(), reason);
		this.listener.accept(ejection);
	}

	Duration ejectionLength(int streak) {
		Duration base = this.properties.baseEjectionTime();
		Duration max = this.properties.maxEjectionTime();
		int doublings = Math.min(streak - 1, 30);
		Duration length = base.multipliedBy(1L << doublings);
		return (length.compareTo(max) > 0 || length.isNegative()) ? max : length;
	}

	private NodeRecord record(String nodeId) {
		return this.nodes.computeIfAbsent(nodeId, (id) -> new NodeRecord());
	}

	private static final class NodeRecord {

		final AtomicInteger consecutiveErrors = new AtomicInteger();

		volatile long ejectedUntilMillis;

		long lastEjectionEndMillis;

		int streak;

	}

}

package io.monkeyfleet.monkey.fleet;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.monkeyfleet.model.MetricsSample;

/**
 * The last few samples of every node, oldest first, so that "N consecutive samples" means
 * N samples the agent actually took, not N ticks that may have seen the same sample twice
 * or missed one. A sample is recorded once (by its time and sequence number); a node
 * whose agent restarted simply continues with the new samples.
 *
 * <p>
 * It lives in memory: a monkey that becomes leader starts with an empty history and
 * judges nobody until it has seen enough samples itself. Not thread-safe: the tick owns
 * it.
 */
public final class SampleHistory {

	private final int capacity;

	private final Map<String, Deque<MetricsSample>> samples = new HashMap<>();

	private final Map<String, Instant> lastSeen = new HashMap<>();

	public SampleHistory(int capacity) {
		if (capacity < 1) {
			throw new IllegalArgumentException("history capacity must be at least 1, was " + capacity);
		}
		this.capacity = capacity;
	}

	/** Records the samples of one snapshot and forgets nodes that are gone. */
	public void record(Map<String, MetricsSample> latest, Set<String> registeredNodes, Instant now) {
		this.samples.keySet().retainAll(registeredNodes);
		this.lastSeen.keySet().retainAll(registeredNodes);
		latest.forEach((nodeId, sample) -> {
			Deque<MetricsSample> recent = this.samples.computeIfAbsent(nodeId, (id) -> new ArrayDeque<>());
			MetricsSample newest = recent.peekLast();
			boolean same = newest != null && newest.sequence() == sample.sequence()
					&& newest.sampledAt().equals(sample.sampledAt());
			if (!same) {
				recent.addLast(sample);
				while (recent.size() > this.capacity) {
					recent.removeFirst();
				}
			}
			this.lastSeen.put(nodeId, now);
		});
	}

	/** The node's recent samples, oldest first. */
	public List<MetricsSample> recent(String nodeId) {
		Deque<MetricsSample> recent = this.samples.get(nodeId);
		return (recent != null) ? List.copyOf(recent) : List.of();
	}

	/**
	 * The newest {@code count} samples, oldest first, or fewer if there are not that
	 * many.
	 */
	public List<MetricsSample> newest(String nodeId, int count) {
		List<MetricsSample> recent = recent(nodeId);
		return recent.subList(Math.max(0, recent.size() - count), recent.size());
	}

	/** When this monkey last saw a live sample of the node; empty if it never did. */
	public Optional<Instant> lastSeen(String nodeId) {
		return Optional.ofNullable(this.lastSeen.get(nodeId));
	}

}

package io.monkeyfleet.monkey.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.store.FleetSnapshot;

/**
 * Each pool's average CPU over its ACTIVE nodes, once per tick, for as long as the
 * longest window that asks about it: what tells scale-in that a pool has been cold for
 * its whole stabilization window. A tick with no fresh sample of any ACTIVE node of a
 * pool breaks the pool's record: a window counts only if it was watched throughout.
 *
 * <p>
 * In memory: a monkey that becomes leader watches a whole window itself before it shrinks
 * anything. Not thread-safe: the tick owns it.
 */
public final class PoolLoad {

	private final Map<String, Deque<Entry>> entries = new HashMap<>();

	/**
	 * Records this tick's averages, forgetting entries older than {@code retain}.
	 * @param freshness an older sample does not count
	 */
	public void record(FleetSnapshot snapshot, Instant now, Duration freshness, Duration retain) {
		Map<String, double[]> sums = new HashMap<>();
		for (Node node : snapshot.nodes().values()) {
			boolean active = snapshot.status(node.id()).map((s) -> s.state() == NodeState.ACTIVE).orElse(false);
			Optional<MetricsSample> sample = snapshot.sample(node.id())
				.filter((s) -> !s.sampledAt().isBefore(now.minus(freshness)));
			if (active && sample.isPresent()) {
				double[] sum = sums.computeIfAbsent(node.pool(), (pool) -> new double[2]);
				sum[0] += sample.get().cpuPercent();
				sum[1]++;
			}
		}
		for (String pool : snapshot.nodes().values().stream().map(Node::pool).distinct().toList()) {
			Deque<Entry> averages = this.entries.computeIfAbsent(pool, (p) -> new ArrayDeque<>());
			double[] sum = sums.get(pool);
			if (sum == null) {
				averages.clear();
				continue;
			}
			averages.addLast(new Entry(now, sum[0] / sum[1], (int) sum[1]));
			while (!averages.isEmpty() && averages.peekFirst().at().isBefore(now.minus(retain))) {
				averages.removeFirst();
			}
		}
		this.entries.keySet().retainAll(snapshot.nodes().values().stream().map(Node::pool).toList());
	}

	/** The pool's averages, oldest first. */
	public List<Entry> of(String pool) {
		Deque<Entry> averages = this.entries.get(pool);
		return (averages != null) ? List.copyOf(averages) : List.of();
	}

	/**
	 * Whether every average of the pool within the last {@code window} was below
	 * {@code cpuPercent}, and the record reaches back the whole window.
	 */
	public boolean below(String pool, double cpuPercent, Duration window, Instant now) {
		List<Entry> averages = of(pool);
		if (averages.isEmpty() || averages.get(0).at().isAfter(now.minus(window))) {
			return false;
		}
		return averages.stream()
			.filter((entry) -> !entry.at().isBefore(now.minus(window)))
			.allMatch((entry) -> entry.averageCpu() < cpuPercent);
	}

	/**
	 * @param at the tick
	 * @param averageCpu the average CPU percent of the pool's ACTIVE nodes with a fresh
	 * sample
	 * @param nodes how many nodes the average is over
	 */
	public record Entry(Instant at, double averageCpu, int nodes) {
	}

}

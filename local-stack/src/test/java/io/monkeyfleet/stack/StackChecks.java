package io.monkeyfleet.stack;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.monkeyfleet.loadgen.LoadRun;
import io.monkeyfleet.loadgen.run.Report;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;

import static org.awaitility.Awaitility.await;

/**
 * What the tests against a running local stack ask of it, the same way in every test: a
 * read that fails while Redis is away answers "nothing", so a wait polls through it.
 */
public final class StackChecks {

	private StackChecks() {
	}

	/** The nodes whose lifecycle state is ACTIVE; none while Redis is away. */
	public static Set<String> activeNodes(LocalStack stack) {
		try {
			return stack.store()
				.nodes()
				.stream()
				.filter((node) -> stack.store()
					.status(node.id())
					.map(NodeStatus::state)
					.orElse(null) == NodeState.ACTIVE)
				.map(Node::id)
				.collect(Collectors.toSet());
		}
		catch (RuntimeException ex) {
			return Set.of();
		}
	}

	/** Whether every one of {@code expected} has a sample less than 3 s old. */
	public static boolean freshSamples(LocalStack stack, List<String> expected) {
		try {
			Instant now = Instant.now();
			return stack.store()
				.samples(expected)
				.values()
				.stream()
				.filter((sample) -> Duration.between(sample.sampledAt(), now).toSeconds() < 3)
				.count() == expected.size();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * The nodes that answered a request of the load in any second from {@code since} on.
	 */
	public static Set<String> answeredSince(Report report, Instant since) {
		long second = Duration.between(report.startedAt(), since).toSeconds();
		return report.timeline()
			.stream()
			.filter((s) -> s.second() >= second)
			.flatMap((s) -> s.answeredBy().keySet().stream())
			.collect(Collectors.toSet());
	}

	/**
	 * Waits until the load has sent {@code count} more requests (at 100/s, a second per
	 * 100).
	 */
	public static void awaitRequests(LoadRun load, long count) {
		long target = load.results().requests() + count;
		await(count + " more requests").atMost(Duration.ofSeconds(count / 50 + 10))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> load.results().requests() >= target);
	}

}

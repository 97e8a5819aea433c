package io.monkeyfleet.provisioner.boot;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.provisioner.drivers.JobInterruptedException;
import io.monkeyfleet.provisioner.drivers.StepContext;
import io.monkeyfleet.provisioner.drivers.StepFailedException;
import io.monkeyfleet.provisioner.inventory.AwsSettings;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.testsupport.time.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.dao.QueryTimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The proof of a reboot, on a clock the test moves: each poll of the wait advances it by
 * the poll interval, and the node publishes what its timeline says for that moment.
 */
class BootMarkerCheckTests {

	private static final Instant NOTED = Instant.parse("2026-11-24T10:00:00Z");

	private static final BootProperties PROPERTIES = new BootProperties(Duration.ofMinutes(5), Duration.ofSeconds(1));

	/** The host web-7 runs node n-7. */
	private static final HostDefinition HOST = new HostDefinition("web-7", DriverKind.AWS, "10.0.0.7:8080", "/health",
			List.of(), null, null, new AwsSettings("i-0123456789abcdef0"), null, null, "n-7");

	private final MutableClock clock = new MutableClock(NOTED);

	/** What node n-7 publishes at each moment; empty: no sample. */
	private Function<Instant, Optional<MetricsSample>> node = (now) -> Optional.empty();

	private final List<String> nodesRead = new ArrayList<>();

	private final BootMarkerCheck check = new BootMarkerCheck((nodeId) -> {
		this.nodesRead.add(nodeId);
		return this.node.apply(this.clock.instant());
	}, PROPERTIES);

	@Test
	void aChangedMarkerEndsTheWaitWithBothMarkersAsEvidence() {
		this.node = (now) -> Optional.of(sample("boot-a", 4_000, now.minusMillis(200)));
		Context context = new Context();
		this.check.note(HOST, context);
		this.node = timeline(Duration.ofSeconds(20), (now) -> Optional.of(sample("boot-a", 4_010, now)),
				Duration.ofSeconds(60), (now) -> Optional.empty(), (now) -> Optional.of(sample("boot-b", 0, now)));

		this.check.awaitNewBoot(HOST, context);

		assertThat(this.clock.instant()).isBetween(NOTED.plusSeconds(60), NOTED.plusSeconds(62));
		assertThat(this.nodesRead).containsOnly("n-7");
		assertThat(context.facts).containsEntry("bootMarkerBefore:web-7", NOTED + " boot-a");
		assertThat(context.output()).contains("node n-7 publishes boot marker boot-a (sample #4000 taken at")
			.contains("a new boot of web-7: still boot marker boot-a from before the reboot")
			.contains("a new boot of web-7: node n-7 has no sample (down, or its agent has not started yet)")
			.contains("web-7 came back with boot marker boot-b (before the reboot: boot-a; sample #0 taken at");
	}

	@Test
	void aMarkerThatNeverChangesFailsTheStepAtItsDeadlineSayingSo() {
		this.node = (now) -> Optional.of(sample("boot-a", 100, now));
		Context context = new Context();
		this.check.note(HOST, context);

		assertThatExceptionOfType(StepFailedException.class).isThrownBy(() -> this.check.awaitNewBoot(HOST, context))
			.withMessageStartingWith("web-7 did not come back with a new boot marker within PT5M (before the reboot: "
					+ "boot-a; last: still boot marker boot-a from before the reboot, sample #")
			.withMessageEndingWith("taken at " + NOTED.plus(Duration.ofMinutes(5)) + ")");
		assertThat(this.clock.instant()).isEqualTo(NOTED.plus(Duration.ofMinutes(5)));
	}

	@Test
	void aNodeThatStaysDownFailsTheStepAtItsDeadline() {
		this.node = (now) -> Optional.of(sample("boot-a", 100, now));
		Context context = new Context();
		this.check.note(HOST, context);
		this.node = (now) -> Optional.empty();

		assertThatExceptionOfType(StepFailedException.class).isThrownBy(() -> this.check.awaitNewBoot(HOST, context))
			.withMessage("web-7 did not come back with a new boot marker within PT5M (before the reboot: boot-a; "
					+ "last: node n-7 has no sample (down, or its agent has not started yet))");
	}

	@Test
	void withNoMarkerBeforeOnlyASampleOfANewAgentProcessTakenAfterTheRebootIsAccepted() {
		// A hung node: its heartbeat has expired.
		Context context = new Context();
		this.check.note(HOST, context);
		assertThat(context.output()).contains("node n-7 has no sample (its heartbeat expired: hung or down); "
				+ "after the reboot only a sample of a new agent process is accepted");
		this.node = timeline(
				// The last sample of the old process, taken before the reboot was sent.
				Duration.ofSeconds(3), (now) -> Optional.of(sample("boot-a", 9_000, NOTED.minusMillis(300))),
				// The old process wakes up and writes again: after the reboot was sent,
				// but with a sequence no process started since could have reached.
				Duration.ofSeconds(10), (now) -> Optional.of(sample("boot-a", 9_001, now)),
				(now) -> Optional.of(sample("boot-b", 2, now)));

		this.check.awaitNewBoot(HOST, context);

		assertThat(this.clock.instant()).isBetween(NOTED.plusSeconds(10), NOTED.plusSeconds(12));
		assertThat(context.output()).contains("a new boot of web-7: the sample was taken before the reboot was sent",
				"a new boot of web-7: the sample comes from an agent process that started before the reboot was sent")
			.contains("web-7 came back: a new agent process publishes boot marker boot-b (sample #2 taken at")
			.contains("after the reboot was sent at " + NOTED
					+ "); no marker was published before the reboot, so the change could not be compared");
	}

	@Test
	void aNewProcessIsRecognisedByItsSequenceEvenWithoutBootMarkers() {
		// An agent older than boot markers, before and after.
		this.node = (now) -> Optional.of(sample(null, 700, now));
		Context context = new Context();
		this.check.note(HOST, context);
		assertThat(context.output()).contains("node n-7 publishes no boot marker (sample #700 taken at")
			.contains("its agent is older than boot markers)");
		this.node = timeline(Duration.ofSeconds(30), (now) -> Optional.of(sample(null, 700 + 2 * 30, now)),
				(now) -> Optional.of(sample(null, 0, now)));

		this.check.awaitNewBoot(HOST, context);

		assertThat(context.output()).contains("web-7 came back: a new agent process publishes no boot marker");
	}

	@Test
	void aJobResumedAfterAProvisionerRestartKeepsTheMarkerFromBeforeTheReboot() {
		this.node = (now) -> Optional.of(sample("boot-a", 500, now));
		Context first = new Context();
		this.check.note(HOST, first);
		// The reboot happened; the provisioner dies half way through the wait.
		this.node = (now) -> Optional.empty();
		first.stopAfterPauses = 3;
		assertThatExceptionOfType(JobInterruptedException.class).isThrownBy(() -> this.check.awaitNewBoot(HOST, first));

		// Another provisioner takes the job over with the facts kept in Redis, the host
		// now up with its new boot. Were the note repeated now, it would keep the old
		// marker, not take the new one.
		this.node = (now) -> Optional.of(sample("boot-b", 3, now));
		Context resumed = new Context(first.facts);
		this.check.note(HOST, resumed);
		this.check.awaitNewBoot(HOST, resumed);

		assertThat(resumed.facts).containsEntry("bootMarkerBefore:web-7", NOTED + " boot-a");
		assertThat(resumed.output()).contains("noted already at " + NOTED + ": boot marker boot-a")
			.contains("web-7 came back with boot marker boot-b (before the reboot: boot-a;");
	}

	@Test
	void aResumedJobDoesNotTakeTheOldBootForANewOne() {
		this.node = (now) -> Optional.of(sample("boot-a", 500, now));
		Context first = new Context();
		this.check.note(HOST, first);
		first.stopAfterPauses = 2;
		assertThatExceptionOfType(JobInterruptedException.class).isThrownBy(() -> this.check.awaitNewBoot(HOST, first));

		Context resumed = new Context(first.facts);
		assertThatExceptionOfType(StepFailedException.class).isThrownBy(() -> this.check.awaitNewBoot(HOST, resumed))
			.withMessageContaining("still boot marker boot-a from before the reboot");
	}

	@Test
	void aStoreThatCannotBeReadStopsTheRebootBeforeItStarts() {
		BootMarkerCheck unreadable = new BootMarkerCheck((nodeId) -> {
			throw new QueryTimeoutException("Redis command timed out");
		}, PROPERTIES);

		assertThatExceptionOfType(StepFailedException.class).isThrownBy(() -> unreadable.note(HOST, new Context()))
			.withMessage("cannot read the sample of node n-7, so there would be no boot marker to compare after the "
					+ "reboot: Redis command timed out");
	}

	@Test
	void aStoreThatCannotBeReadForAWhileIsWaitedOut() {
		this.node = (now) -> Optional.of(sample("boot-a", 500, now));
		Context context = new Context();
		this.check.note(HOST, context);
		this.node = (now) -> {
			if (now.isBefore(NOTED.plusSeconds(5))) {
				throw new QueryTimeoutException("Redis command timed out");
			}
			return Optional.of(sample("boot-b", 1, now));
		};

		this.check.awaitNewBoot(HOST, context);

		assertThat(context.output()).contains("a new boot of web-7: cannot read the sample of node n-7: Redis command")
			.contains("web-7 came back with boot marker boot-b");
	}

	@Test
	void waitingWithoutANoteIsRefused() {
		assertThatExceptionOfType(StepFailedException.class)
			.isThrownBy(() -> this.check.awaitNewBoot(HOST, new Context()))
			.withMessage("no boot marker of web-7 was noted before the reboot, so a new boot cannot be told from the "
					+ "old one");
	}

	@Test
	void theNodeIdDefaultsToTheHostId() {
		HostDefinition plain = new HostDefinition("web-8", DriverKind.AWS, "10.0.0.8:8080", "/health", List.of(), null,
				null, new AwsSettings("i-0123456789abcdef1"), null);
		this.check.note(plain, new Context());

		assertThat(this.nodesRead).containsExactly("web-8");
	}

	private static MetricsSample sample(String bootMarker, long sequence, Instant sampledAt) {
		return new MetricsSample("n-7", 10, 20, null, AppHealth.UP, sampledAt, sequence, bootMarker);
	}

	/**
	 * What the node publishes: {@code first} until {@code firstUntil} after the note,
	 * then {@code second} until {@code secondUntil}, then {@code last}.
	 */
	private static Function<Instant, Optional<MetricsSample>> timeline(Duration firstUntil,
			Function<Instant, Optional<MetricsSample>> first, Duration secondUntil,
			Function<Instant, Optional<MetricsSample>> second, Function<Instant, Optional<MetricsSample>> last) {
		return (now) -> {
			if (now.isBefore(NOTED.plus(firstUntil))) {
				return first.apply(now);
			}
			return now.isBefore(NOTED.plus(secondUntil)) ? second.apply(now) : last.apply(now);
		};
	}

	private static Function<Instant, Optional<MetricsSample>> timeline(Duration firstUntil,
			Function<Instant, Optional<MetricsSample>> first, Function<Instant, Optional<MetricsSample>> last) {
		return timeline(firstUntil, first, firstUntil, first, last);
	}

	/**
	 * A step's context whose pauses move the test's clock; its facts are what Redis would
	 * keep with the job, so a second context made from them is the job resumed elsewhere.
	 */
	private final class Context implements StepContext {

		final Map<String, String> facts;

		final List<String> lines = new ArrayList<>();

		int stopAfterPauses = Integer.MAX_VALUE;

		Context() {
			this(Map.of());
		}

		Context(Map<String, String> facts) {
			this.facts = new HashMap<>(facts);
		}

		String output() {
			return String.join("\n", this.lines);
		}

		@Override
		public String jobId() {
			return "j-test";
		}

		@Override
		public Map<String, String> params() {
			return Map.of();
		}

		@Override
		public Instant stepStartedAt() {
			return NOTED;
		}

		@Override
		public java.time.Clock clock() {
			return BootMarkerCheckTests.this.clock;
		}

		@Override
		public void output(String line) {
			this.lines.add(line);
		}

		@Override
		public void checkCancelled() {
		}

		@Override
		public void pause(Duration duration) {
			if (--this.stopAfterPauses < 0) {
				throw new JobInterruptedException();
			}
			BootMarkerCheckTests.this.clock.advance(duration);
		}

		@Override
		public Optional<String> fact(String key) {
			return Optional.ofNullable(this.facts.get(key));
		}

		@Override
		public void remember(String key, String value) {
			this.facts.put(key, value);
		}

	}

}

package io.monkeyfleet.provisioner.drivers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A step context for driver tests: keeps the output and facts in memory. Its pause is the
 * driver's own poll interval, bounded by the driver's deadlines.
 */
public final class RecordingStepContext implements StepContext {

	private final Clock clock;

	private final Map<String, String> params;

	private final Instant startedAt;

	private final List<String> lines = new ArrayList<>();

	private final Map<String, String> facts = new HashMap<>();

	private volatile boolean cancelled;

	public RecordingStepContext(Clock clock, Map<String, String> params) {
		this.clock = clock;
		this.params = Map.copyOf(params);
		this.startedAt = clock.instant();
	}

	public RecordingStepContext() {
		this(Clock.systemUTC(), Map.of());
	}

	public synchronized String output() {
		return String.join("\n", this.lines);
	}

	public void cancel() {
		this.cancelled = true;
	}

	@Override
	public String jobId() {
		return "j-test";
	}

	@Override
	public Map<String, String> params() {
		return this.params;
	}

	@Override
	public Instant stepStartedAt() {
		return this.startedAt;
	}

	@Override
	public Clock clock() {
		return this.clock;
	}

	@Override
	public synchronized void output(String line) {
		this.lines.add(line);
	}

	@Override
	public void checkCancelled() {
		if (this.cancelled) {
			throw new JobCancelledException();
		}
	}

	@Override
	public void pause(Duration duration) {
		long deadline = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < deadline) {
			checkCancelled();
			LockSupport.parkNanos(Math.min(deadline - System.nanoTime(), 50_000_000L));
		}
		checkCancelled();
	}

	@Override
	public synchronized Optional<String> fact(String key) {
		return Optional.ofNullable(this.facts.get(key));
	}

	@Override
	public synchronized void remember(String key, String value) {
		this.facts.put(key, value);
	}

}

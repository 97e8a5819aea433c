package io.monkeyfleet.provisioner.drivers;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.FleetStoreSettings;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.testsupport.redis.RealRedis;
import io.monkeyfleet.provisioner.TestRedis;

/**
 * A node's monitor agent for driver tests, as the real one writes: a sample every
 * {@link MetricsSample#MIN_SAMPLING_INTERVAL} with a time-to-live of three, carrying the
 * machine's boot marker (read when the agent process starts) and a sequence that starts
 * at 0 in each process. A test boots and halts it with the machine it stands beside.
 */
public final class FakeNodeAgent implements AutoCloseable {

	private static final Duration INTERVAL = MetricsSample.MIN_SAMPLING_INTERVAL;

	private final FleetStore store;

	private final String nodeId;

	private final Clock clock = Clock.systemUTC();

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "fake-agent");
		thread.setDaemon(true);
		return thread;
	});

	/** Guarded by {@code this}: the running process's marker, or null while down. */
	private String marker;

	private long sequence;

	private long samplesWritten;

	/** An agent of {@code nodeId} that is down until {@link #boot}. */
	public FakeNodeAgent(RealRedis redis, String nodeId) {
		this.store = new FleetStore(TestRedis.template(redis), new KeySchema("mf:"), new FleetCodec(), this.clock,
				FleetStoreSettings.DEFAULTS);
		this.nodeId = nodeId;
		this.scheduler.scheduleAtFixedRate(this::tick, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** The store it writes to, for the step under test to read. */
	public FleetStore store() {
		return this.store;
	}

	/** A new agent process on a machine that booted with {@code bootMarker}. */
	public synchronized void boot(String bootMarker) {
		this.marker = bootMarker;
		this.sequence = 0;
	}

	/**
	 * Boots a new agent process whenever the machine's boot marker changed (a machine
	 * that reboots at once, as the fake SSH host does).
	 */
	public void follow(Supplier<String> bootMarker) {
		this.scheduler.scheduleAtFixedRate(() -> {
			String now = bootMarker.get();
			synchronized (this) {
				if (!now.equals(this.marker)) {
					boot(now);
				}
			}
		}, 0, INTERVAL.toMillis() / 2, TimeUnit.MILLISECONDS);
	}

	/** The machine went down: no more samples; the last one expires by itself. */
	public synchronized void halt() {
		this.marker = null;
	}

	public synchronized String marker() {
		return this.marker;
	}

	public synchronized long samplesWritten() {
		return this.samplesWritten;
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

	private void tick() {
		MetricsSample sample;
		synchronized (this) {
			if (this.marker == null) {
				return;
			}
			sample = new MetricsSample(this.nodeId, 5, 20, null, AppHealth.UP, this.clock.instant(), this.sequence++,
					this.marker);
			this.samplesWritten++;
		}
		try {
			this.store.writeSample(sample, INTERVAL.multipliedBy(3));
		}
		catch (RuntimeException ex) {
			// Like the real agent: the next sample replaces a lost one.
		}
	}

}

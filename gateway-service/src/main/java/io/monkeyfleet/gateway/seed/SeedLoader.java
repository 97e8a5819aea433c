package io.monkeyfleet.gateway.seed;

import io.monkeyfleet.concurrent.DaemonThreads;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.monkeyfleet.model.Pool;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.store.FleetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * Saves a seed file's pools and routes through the store at start-up (each save records
 * its event and change message, so every gateway picks it up). The file is read and
 * checked when the loader is made, so a bad one stops start-up; saving is retried in the
 * background while Redis is unreachable.
 */
final class SeedLoader implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(SeedLoader.class);

	private final Seed seed;

	private final SeedProperties properties;

	private final FleetStore store;

	private ScheduledExecutorService executor;

	private volatile boolean running;

	SeedLoader(SeedProperties properties, FleetStore store) {
		this.properties = properties;
		this.store = store;
		this.seed = Seed.read(properties.file());
	}

	@Override
	public void start() {
		this.running = true;
		this.executor = DaemonThreads.scheduler("gateway-seed");
		this.executor.execute(this::loadOrRetry);
	}

	@Override
	public void stop() {
		this.running = false;
		if (this.executor != null) {
			this.executor.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void loadOrRetry() {
		try {
			load();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not load seed file {} into Redis ({}); trying again in {}", this.properties.file(),
					ex.getMessage(), this.properties.retryInterval());
			if (this.running) {
				this.executor.schedule(this::loadOrRetry, this.properties.retryInterval().toMillis(),
						TimeUnit.MILLISECONDS);
			}
		}
	}

	void load() {
		String actor = "seed:" + this.properties.file().getFileName();
		boolean overwrite = this.properties.mode() == SeedProperties.Mode.OVERWRITE;
		Set<String> existingRoutes = overwrite ? Set.of()
				: Set.copyOf(this.store.routes().stream().map(Route::id).toList());
		int pools = 0;
		int routes = 0;
		for (Pool pool : this.seed.pools()) {
			if (overwrite || this.store.pool(pool.name()).isEmpty()) {
				this.store.savePool(pool, actor);
				pools++;
			}
		}
		for (Route route : this.seed.routes()) {
			if (overwrite || !existingRoutes.contains(route.id())) {
				this.store.saveRoute(route, actor);
				routes++;
			}
		}
		logger.info("Seed file {} loaded ({}): saved {} of {} pools and {} of {} routes", this.properties.file(),
				this.properties.mode(), pools, this.seed.pools().size(), routes, this.seed.routes().size());
	}

}

package io.monkeyfleet.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;

/**
 * How every Monkey Fleet Redis client behaves while Redis is away, applied both by the
 * Spring Boot auto-configuration and by {@link StandaloneFleetStore}.
 */
final class RedisClientDefaults {

	private RedisClientDefaults() {
	}

	/**
	 * While disconnected, commands fail at once instead of queueing without bound in the
	 * client: every caller already treats a failed read or write as "Redis unavailable",
	 * and a queue would only replay stale writes later.
	 */
	static ClientOptions.Builder failFast(ClientOptions.Builder options) {
		return options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
	}

	/**
	 * Reconnection attempts back off from 50 ms to at most {@code max}: Lettuce's own
	 * default backs off up to 30 s, which would keep a service away long after Redis came
	 * back.
	 */
	static ClientResources.Builder boundedReconnect(ClientResources.Builder resources, Duration max) {
		return resources.reconnectDelay(Delay.exponential(Duration.ofMillis(50), max, 2, TimeUnit.MILLISECONDS));
	}

}

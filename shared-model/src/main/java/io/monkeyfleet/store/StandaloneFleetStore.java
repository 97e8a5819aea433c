package io.monkeyfleet.store;

import java.time.Clock;
import java.time.Duration;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * A {@link FleetStore} with its own Redis connection, for code that runs outside a Spring
 * Boot application: command-line tools, launchers and tests. Closing it closes the
 * connection.
 */
public final class StandaloneFleetStore implements AutoCloseable {

	private final LettuceConnectionFactory connectionFactory;

	private final ClientResources clientResources;

	private final FleetStore store;

	private final KeySchema keys;

	private final FleetCodec codec = new FleetCodec();

	public StandaloneFleetStore(RedisStandaloneConfiguration redis, KeySchema keys, Clock clock,
			FleetStoreSettings settings) {
		this.clientResources = RedisClientDefaults.boundedReconnect(ClientResources.builder(), Duration.ofSeconds(1))
			.build();
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.clientOptions(RedisClientDefaults.failFast(ClientOptions.builder()).build())
			.clientResources(this.clientResources)
			.commandTimeout(Duration.ofSeconds(2))
			.build();
		this.connectionFactory = new LettuceConnectionFactory(redis, client);
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.keys = keys;
		this.store = new FleetStore(new StringRedisTemplate(this.connectionFactory), keys, this.codec, clock, settings);
	}

	/**
	 * A store on {@code host:port} with no password, the default prefix, settings and the
	 * UTC clock.
	 */
	public static StandaloneFleetStore connect(String host, int port) {
		return new StandaloneFleetStore(new RedisStandaloneConfiguration(host, port), new KeySchema("mf:"),
				Clock.systemUTC(), FleetStoreSettings.DEFAULTS);
	}

	public FleetStore store() {
		return this.store;
	}

	/**
	 * The raw connection, for what the store does not offer (flushing a test database).
	 */
	public StringRedisTemplate redis() {
		return new StringRedisTemplate(this.connectionFactory);
	}

	/**
	 * A subscriber to change messages on this connection's server; the caller closes it.
	 */
	public FleetChangeSubscriber subscriber() {
		return new FleetChangeSubscriber(this.connectionFactory, this.keys, this.codec);
	}

	@Override
	public void close() {
		this.connectionFactory.destroy();
		this.clientResources.shutdown();
	}

}

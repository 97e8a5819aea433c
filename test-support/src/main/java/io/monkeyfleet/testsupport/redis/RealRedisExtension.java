package io.monkeyfleet.testsupport.redis;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.monkeyfleet.testsupport.docker.DockerEngine;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Gives a test class a real Redis server of its own, started before its first test and
 * stopped after its last.
 *
 * <pre>{@code
 * &#64;RegisterExtension
 * static final RealRedisExtension redis = new RealRedisExtension();
 * // redis.host(), redis.port()
 * }</pre>
 *
 * The server is a {@code redis-server} process on a free loopback port (the binary on
 * {@code PATH}, else the one shipped in the {@code embedded-redis} artifact from Maven
 * Central): fast to start, and a real process that fault tests can signal. The system
 * property or environment variable {@code MONKEYFLEET_TEST_REDIS=container} runs it in a
 * container instead (Testcontainers; the image is {@code REDIS_IMAGE}, default the public
 * one the compose file uses); without a Docker engine such a class is skipped, or fails
 * in CI. The build runs the store's integration tests once that way.
 */
public final class RealRedisExtension implements BeforeAllCallback, AfterAllCallback, RealRedis {

	private static final Logger logger = LoggerFactory.getLogger(RealRedisExtension.class);

	private static final String CHOICE = "MONKEYFLEET_TEST_REDIS";

	private final List<String> serverArguments;

	private RealRedis server;

	public RealRedisExtension() {
		this(List.of());
	}

	/**
	 * A server started with extra {@code redis-server} arguments, such as
	 * {@code --requirepass}.
	 */
	public RealRedisExtension(List<String> serverArguments) {
		this.serverArguments = List.copyOf(serverArguments);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.server = startServer(this.serverArguments);
		logger.info("Real Redis for {} at {}:{} ({})", context.getDisplayName(), this.server.host(), this.server.port(),
				this.server.getClass().getSimpleName());
	}

	@Override
	public void afterAll(ExtensionContext context) {
		close();
	}

	/**
	 * Starts a standalone server outside any extension lifecycle; the caller closes it.
	 */
	public static RealRedis startServer(List<String> serverArguments) {
		if (chosenKind().equals("container")) {
			DockerEngine.require();
			return RedisContainerServer.start(serverArguments);
		}
		return RedisServerProcess.start(redisServerExecutable(), serverArguments);
	}

	@Override
	public String host() {
		return running().host();
	}

	@Override
	public int port() {
		return running().port();
	}

	@Override
	public void stop() {
		running().stop();
	}

	@Override
	public void start() {
		running().start();
	}

	@Override
	public void close() {
		if (this.server != null) {
			this.server.close();
			this.server = null;
		}
	}

	/**
	 * Points Spring Boot's Redis connection ({@code spring.data.redis.host/port}) at this
	 * server, from a test's {@code @DynamicPropertySource} method.
	 */
	public void registerSpringProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", this::host);
		registry.add("spring.data.redis.port", this::port);
	}

	/**
	 * The server itself, for tests that need what only one kind offers (a process's pid).
	 */
	public RealRedis server() {
		return running();
	}

	private RealRedis running() {
		if (this.server == null) {
			throw new IllegalStateException("The Redis server starts before the first test of the class; "
					+ "register the extension on a static field with @RegisterExtension");
		}
		return this.server;
	}

	private static String chosenKind() {
		String value = Optional.ofNullable(System.getProperty(CHOICE)).orElse(System.getenv(CHOICE));
		return (value != null) ? value.trim().toLowerCase(Locale.ROOT) : "process";
	}

	static Path redisServerExecutable() {
		return RedisExecutables.redisServer();
	}

}

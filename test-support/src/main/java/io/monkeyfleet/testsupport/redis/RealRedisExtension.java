package io.monkeyfleet.testsupport.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
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
 * Where the server comes from, in order:
 * <ol>
 * <li>a Redis container (Testcontainers), when a Docker engine is reachable;</li>
 * <li>a {@code redis-server} process on a free loopback port: the binary on {@code PATH},
 * else the one shipped in the {@code embedded-redis} artifact from Maven Central.</li>
 * </ol>
 * The system property or environment variable {@code MONKEYFLEET_TEST_REDIS} set to
 * {@code container} or {@code process} forces one path.
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
		return switch (chosenKind()) {
			case "container" -> RedisContainerServer.start(serverArguments);
			case "process" -> RedisServerProcess.start(redisServerExecutable(), serverArguments);
			default -> dockerReachable() ? RedisContainerServer.start(serverArguments)
					: RedisServerProcess.start(redisServerExecutable(), serverArguments);
		};
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
		return (value != null) ? value.trim().toLowerCase(Locale.ROOT) : "auto";
	}

	private static boolean dockerReachable() {
		// Asking Testcontainers costs seconds on a machine with a Docker client but no
		// engine,
		// so only ask when there is a sign of an engine at all.
		boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
		return hint && DockerAvailability.REACHABLE;
	}

	static Path redisServerExecutable() {
		return RedisExecutables.redisServer();
	}

	/** Asked once per JVM: the answer does not change during a test run. */
	private static final class DockerAvailability {

		static final boolean REACHABLE = ask();

		private static boolean ask() {
			try {
				return DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException ex) {
				return false;
			}
		}

	}

}

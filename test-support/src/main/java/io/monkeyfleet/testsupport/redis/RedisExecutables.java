package io.monkeyfleet.testsupport.redis;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import redis.embedded.core.ExecutableProvider;

/**
 * Where a {@code redis-server} binary comes from on a machine with only a JDK: the one on
 * {@code PATH}, else the one shipped in the {@code embedded-redis} artifact (unpacked
 * into the temporary folder). Shared by the tests' {@link RealRedisExtension} and the
 * local stack's launcher, so both find Redis the same way. Needs only the embedded-redis
 * jar on the class path.
 */
public final class RedisExecutables {

	private RedisExecutables() {
	}

	/**
	 * The {@code redis-server} on {@code PATH}, else the embedded one.
	 * @throws IllegalStateException when neither can be had
	 */
	public static Path redisServer() {
		return onPath("redis-server").orElseGet(() -> embedded(null));
	}

	/**
	 * As {@link #redisServer()}, unpacking an embedded binary into {@code folder} rather
	 * than the temporary folder.
	 */
	public static Path redisServer(Path folder) {
		return onPath("redis-server").orElseGet(() -> embedded(folder));
	}

	private static Optional<Path> onPath(String name) {
		String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
		return Stream.of(path.split(File.pathSeparator))
			.filter((folder) -> !folder.isBlank())
			.map((folder) -> Path.of(folder, name))
			.filter(Files::isExecutable)
			.findFirst();
	}

	private static Path embedded(Path folder) {
		try {
			File binary = ((folder != null) ? ExecutableProvider.newJarResourceProvider(folder.toFile())
					: ExecutableProvider.newJarResourceProvider())
				.get();
			binary.setExecutable(true);
			return binary.toPath();
		}
		catch (IOException ex) {
			throw new IllegalStateException(
					"No redis-server on PATH and the embedded one could not be unpacked: " + ex.getMessage(), ex);
		}
	}

}

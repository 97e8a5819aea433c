package io.monkeyfleet.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The runnable jars the build made: {@code <module>/target/<module>-<version>.jar}. */
final class Jars {

	private Jars() {
	}

	/**
	 * @throws IllegalStateException saying how to build it
	 */
	static Path of(Path repository, String module) {
		Path target = repository.resolve(module).resolve("target");
		try (Stream<Path> files = Files.isDirectory(target) ? Files.list(target) : Stream.empty()) {
			return files.filter((file) -> {
				String name = file.getFileName().toString();
				return name.startsWith(module + "-") && name.endsWith(".jar") && !name.endsWith("-sources.jar")
						&& !name.endsWith("-exec.jar") && !name.endsWith("-tests.jar");
			})
				.max(Comparator.comparing((Path file) -> file.toFile().lastModified()))
				.orElseThrow(() -> new IllegalStateException("no jar of " + module + " in " + target
						+ "; build it first: ./mvnw -DskipTests package (run-local.sh does)"));
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read " + target + ": " + ex.getMessage(), ex);
		}
	}

}

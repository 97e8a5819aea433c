package io.monkeyfleet.testsupport.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The runnable jars the build made of other modules, for end-to-end tests that run a
 * service exactly as it is deployed ({@code java -jar}). The module must have been
 * packaged first: a test dependency on it (with no transitive dependencies) makes the
 * reactor build it before.
 */
public final class ServiceJars {

	private ServiceJars() {
	}

	/** The jar of {@code module}, a sibling of the module whose tests run. */
	public static Path of(String module) {
		Path target = Path.of("..", module, "target").toAbsolutePath().normalize();
		try (Stream<Path> files = Files.list(target)) {
			return files.filter((file) -> file.getFileName().toString().startsWith(module + "-"))
				.filter((file) -> file.getFileName().toString().endsWith(".jar"))
				.filter((file) -> !file.getFileName().toString().endsWith("-sources.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("no jar of " + module + " in " + target
						+ "; package it first (./mvnw -pl " + module + " -am package -DskipTests)"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("no " + target + "; package " + module + " first", ex);
		}
	}

}

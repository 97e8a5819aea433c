package io.monkeyfleet.testsupport.docker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;

/**
 * Whether a test that needs a Docker engine may run. Outside CI, a machine without an
 * engine skips such tests with one clear line; in CI ({@code CI=true}) the engine is part
 * of the run, so its absence fails the test instead of hiding it.
 */
public final class DockerEngine {

	private DockerEngine() {
	}

	/**
	 * Returns when an engine answers; otherwise skips the calling test, or fails it in
	 * CI.
	 */
	public static void require() {
		if (Availability.REACHABLE) {
			return;
		}
		String why = "no Docker engine answers (DOCKER_HOST or /var/run/docker.sock)";
		if (inCi()) {
			throw new AssertionError(why + ", and CI=true: .ci/run starts one, so this run is broken");
		}
		Assumptions.abort("Skipped: " + why + "; start dockerd to run this test");
	}

	/** Whether an engine answers; asked once per JVM. */
	public static boolean reachable() {
		return Availability.REACHABLE;
	}

	static boolean inCi() {
		return "true".equalsIgnoreCase(Optional.ofNullable(System.getenv("CI")).orElse("").trim());
	}

	/**
	 * An image this run should use instead of a public one: the environment variable
	 * {@code name} (which CI points at images built here from Debian packages), else
	 * {@code publicImage}.
	 */
	public static String image(String name, String publicImage) {
		String value = Optional.ofNullable(System.getProperty(name)).orElse(System.getenv(name));
		return (value != null && !value.isBlank()) ? value.trim() : publicImage;
	}

	/** Asked once per JVM: the answer does not change during a test run. */
	private static final class Availability {

		static final boolean REACHABLE = ask();

		private static boolean ask() {
			// Asking Testcontainers costs seconds on a machine with a Docker client but
			// no
			// engine, so only ask when there is a sign of an engine at all.
			boolean hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
			if (!hint) {
				return false;
			}
			try {
				return DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException ex) {
				return false;
			}
		}

	}

}

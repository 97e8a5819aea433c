package io.monkeyfleet.testsupport.docker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

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

		/**
		 * Asks the engine's {@code /_ping} itself, over its socket: Testcontainers' own
		 * check would also start its reaper, an image no registry here serves.
		 */
		private static boolean ask() {
			String host = Optional.ofNullable(System.getenv("DOCKER_HOST")).orElse("unix:///var/run/docker.sock");
			try (SocketChannel channel = open(URI.create(host))) {
				if (channel == null) {
					return false;
				}
				channel.write(ByteBuffer
					.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
				ByteBuffer answer = ByteBuffer.allocate(512);
				while (channel.read(answer) >= 0 && answer.hasRemaining()) {
					// HTTP/1.0: the engine closes the connection after its answer.
				}
				String text = new String(answer.array(), 0, answer.position(), StandardCharsets.US_ASCII);
				return text.startsWith("HTTP/1.") && text.contains(" 200 ");
			}
			catch (IOException | RuntimeException ex) {
				return false;
			}
		}

		private static SocketChannel open(URI host) throws IOException {
			if ("unix".equals(host.getScheme())) {
				Path socket = Path.of(host.getPath());
				if (!Files.exists(socket)) {
					return null;
				}
				return SocketChannel.open(UnixDomainSocketAddress.of(socket));
			}
			if ("tcp".equals(host.getScheme())) {
				SocketChannel channel = SocketChannel.open();
				channel.socket().connect(new InetSocketAddress(host.getHost(), host.getPort()), 2000);
				return channel;
			}
			return null;
		}

	}

}

package io.monkeyfleet.loadgen.mix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What requests a run sends: weighted well-formed routes, and the share of requests that
 * are malformed on purpose (each drawn from {@link Malformation}).
 *
 * <p>
 * Read from YAML (or JSON, which is YAML too):
 *
 * <pre>
 * malformedShare: 0.05
 * routes:
 *   - path: /
 *     weight: 6
 *   - path: /work
 *     query: { ms: ["0", "5", "20"] }
 *     headers: { Accept: ["application/json", "*&#47;*"] }
 *     weight: 3
 * </pre>
 *
 * @param routes the well-formed requests, drawn by weight
 * @param malformedShare from 0 (none, the default) to 1 (only malformed requests)
 */
public record RequestMix(List<RouteSpec> routes, Double malformedShare) {

	private static final YAMLMapper MAPPER = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	public RequestMix {
		routes = (routes != null) ? List.copyOf(routes) : List.of();
		malformedShare = (malformedShare != null) ? malformedShare : 0.0;
		if (!(malformedShare >= 0 && malformedShare <= 1)) {
			throw new IllegalArgumentException("malformed share must be from 0 to 1, was " + malformedShare);
		}
		if (routes.isEmpty() && malformedShare < 1) {
			throw new IllegalArgumentException("a mix needs at least one route (or a malformed share of 1)");
		}
	}

	/**
	 * The default mix, for the sample app behind the local stack's gateway: mostly
	 * {@code GET /}, some short waits on {@code /work}, a few with headers.
	 */
	public static RequestMix sampleApp(double malformedShare) {
		return new RequestMix(
				List.of(RouteSpec.get("/", 6),
						new RouteSpec("GET", "/work", Map.of("ms", List.of("0", "1", "2", "5", "10")),
								Map.of("Accept", List.of("application/json", "*/*"), "X-Request-Id",
										List.of("loadgen-a", "loadgen-b", "loadgen-c")),
								List.of(), null, 3),
						new RouteSpec("GET", "/", Map.of("q", List.of("hello", "caf%C3%A9", "a%20b", "x%2By")),
								Map.of("Accept-Language", List.of("en", "fr-CH, fr;q=0.9", "*")), List.of(), null, 1)),
				malformedShare);
	}

	/** This mix with another malformed share. */
	public RequestMix withMalformedShare(Double share) {
		return new RequestMix(this.routes, share);
	}

	/**
	 * @throws IllegalArgumentException naming the file and what is wrong with it
	 */
	public static RequestMix read(Path file) {
		try {
			RequestMix mix = MAPPER.readValue(Files.readString(file), RequestMix.class);
			if (mix == null) {
				throw new IllegalArgumentException("mix file " + file + " is empty");
			}
			return mix;
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read mix file " + file + ": " + ex.getMessage(), ex);
		}
		catch (JacksonException ex) {
			Throwable cause = ex;
			while (cause.getCause() != null && cause.getCause() != cause) {
				cause = cause.getCause();
			}
			String why = (cause instanceof IllegalArgumentException) ? cause.getMessage() : ex.getOriginalMessage();
			throw new IllegalArgumentException("mix file " + file + " is not valid: " + why, ex);
		}
	}

}

package io.monkeyfleet.loadgen.mix;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One kind of well-formed request in a mix: a method and path, and for each query
 * parameter and header the values to draw from. Every request drawn from it expects a 2xx
 * or 3xx answer.
 *
 * @param method an HTTP method token ({@code GET}, {@code POST}, ...)
 * @param path the path, starting with {@code /}
 * @param query each parameter's candidate values; one is drawn per request (values are
 * sent as written, so write them percent-encoded)
 * @param headers each header's candidate values; one is drawn per request
 * @param bodies candidate bodies (sent with {@code contentType}); none for no body
 * @param contentType the bodies' content type
 * @param weight how often this route is drawn, relative to the others' weights
 */
public record RouteSpec(String method, String path, Map<String, List<String>> query, Map<String, List<String>> headers,
		List<String> bodies, String contentType, Integer weight) {

	private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

	private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9-]{1,64}");

	private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*");

	public RouteSpec {
		method = (method != null) ? method : "GET";
		if (!METHOD.matcher(method).matches()) {
			throw new IllegalArgumentException("route method '" + method + "' must be an HTTP method such as GET");
		}
		if (path == null || !PATH.matcher(path).matches()) {
			throw new IllegalArgumentException("route path '" + path + "' must start with '/' and hold no spaces");
		}
		query = copy(query, "query parameter", path);
		headers = copy(headers, "header", path);
		headers.keySet().forEach((name) -> {
			if (!HEADER_NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("route " + path + ": header name '" + name + "' is not valid");
			}
		});
		bodies = (bodies != null) ? List.copyOf(bodies) : List.of();
		contentType = (contentType != null) ? contentType : "application/json";
		weight = (weight != null) ? weight : 1;
		if (weight < 1) {
			throw new IllegalArgumentException("route " + path + ": weight must be positive, was " + weight);
		}
	}

	/** A GET of {@code path} with weight {@code weight} and nothing else. */
	public static RouteSpec get(String path, int weight) {
		return new RouteSpec("GET", path, Map.of(), Map.of(), List.of(), null, weight);
	}

	private static Map<String, List<String>> copy(Map<String, List<String>> values, String what, String path) {
		Map<String, List<String>> copy = new LinkedHashMap<>();
		if (values != null) {
			values.forEach((name, candidates) -> {
				if (candidates == null || candidates.isEmpty()) {
					throw new IllegalArgumentException(
							"route " + path + ": " + what + " '" + name + "' needs at least one value");
				}
				copy.put(name, List.copyOf(candidates));
			});
		}
		return java.util.Collections.unmodifiableMap(copy);
	}

}

package io.monkeyfleet.model;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * One condition a request must meet to take a route.
 *
 * @param kind what is matched
 * @param pattern for {@code PATH} an Ant-style path such as {@code /api/**}; for
 * {@code HOST} a host pattern such as {@code *.example.com}; for {@code METHOD}
 * comma-separated HTTP methods
 */
public record RoutePredicate(Kind kind, String pattern) {

	private static final Pattern HOST_PATTERN = Pattern.compile("[A-Za-z0-9*.{}:-]{1,253}");

	private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

	/**
	 * What a predicate matches; the names follow Spring Cloud Gateway's predicate
	 * factories.
	 */
	public enum Kind {

		PATH, HOST, METHOD

	}

	public RoutePredicate {
		Require.present(kind, "predicate kind");
		Require.text(pattern, "predicate pattern", 512);
		switch (kind) {
			case PATH -> {
				if (!pattern.startsWith("/") || pattern.chars().anyMatch(Character::isWhitespace)) {
					throw new IllegalArgumentException(
							"path pattern " + Require.quote(pattern) + " must start with '/' and hold no spaces");
				}
			}
			case HOST -> {
				if (!HOST_PATTERN.matcher(pattern).matches()) {
					throw new IllegalArgumentException("host pattern " + Require.quote(pattern)
							+ " may hold only letters, digits, '.', '-', '*', ':' and {placeholders}");
				}
			}
			case METHOD -> {
				for (String method : pattern.split(",")) {
					if (!METHODS.contains(method.trim())) {
						throw new IllegalArgumentException(
								"method " + Require.quote(method.trim()) + " is not one of " + METHODS);
					}
				}
			}
		}
	}

	public static RoutePredicate path(String pattern) {
		return new RoutePredicate(Kind.PATH, pattern);
	}

	public static RoutePredicate host(String pattern) {
		return new RoutePredicate(Kind.HOST, pattern);
	}

}

package io.monkeyfleet.http;

import java.util.Locale;

/**
 * Which raw request paths a service refuses before routing them: an encoded slash,
 * backslash, dot or NUL ({@code %2F}, {@code %5C}, {@code %2E}, {@code %00}) or a dot
 * segment ({@code .}, {@code ..}). No path the fleet's services serve has either, a
 * browser removes dot segments before sending, and what is left of them only asks routers
 * and actuators to disagree on which resource is meant ({@code /actuator/health/../env}
 * answered 500 on the gateway and the agent).
 *
 * <p>
 * Plain Java, so every service (WebFlux filters today) uses the same rule.
 */
public final class RequestPaths {

	private RequestPaths() {
	}

	/**
	 * Whether the raw (still percent-encoded) path is one to refuse.
	 * @param rawPath the path as it came on the request line, not decoded
	 * @return {@code true} to refuse the request
	 */
	public static boolean malformed(String rawPath) {
		if (rawPath == null) {
			return false;
		}
		String lower = rawPath.toLowerCase(Locale.ROOT);
		if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%2e") || lower.contains("%00")) {
			return true;
		}
		for (String segment : rawPath.split("/", -1)) {
			if (segment.equals(".") || segment.equals("..")) {
				return true;
			}
		}
		return false;
	}

}

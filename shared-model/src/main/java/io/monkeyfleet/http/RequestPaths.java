package io.monkeyfleet.http;

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
		// One pass, no allocation: the gateway asks this of every request.
		int length = rawPath.length();
		for (int i = 0; i < length; i++) {
			char c = rawPath.charAt(i);
			if (c == '%' && i + 2 < length && encodedSeparator(rawPath.charAt(i + 1), rawPath.charAt(i + 2))) {
				return true;
			}
			if (c == '.' && (i == 0 || rawPath.charAt(i - 1) == '/')) {
				int end = (i + 1 < length && rawPath.charAt(i + 1) == '.') ? i + 2 : i + 1;
				if (end == length || rawPath.charAt(end) == '/') {
					return true;
				}
			}
		}
		return false;
	}

	/** {@code %2F}, {@code %5C}, {@code %2E} or {@code %00}, in either case. */
	private static boolean encodedSeparator(char high, char low) {
		char lower = Character.toLowerCase(low);
		return (high == '2' && (lower == 'f' || lower == 'e')) || (high == '5' && lower == 'c')
				|| (high == '0' && lower == '0');
	}

}

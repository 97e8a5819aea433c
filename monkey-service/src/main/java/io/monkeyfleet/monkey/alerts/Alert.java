package io.monkeyfleet.monkey.alerts;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Something an operator must hear about. Alerts of the same kind for the same node (or,
 * without a node, the same pool) form one group: the first goes out at once, the rest of
 * the window's alerts go out together as one digest.
 *
 * @param time when it happened
 * @param severity how urgently an operator must look
 * @param kind what happened, lower-case words joined by '-': {@code node-quarantined},
 * {@code breaker-open}, {@code redis-unreachable}, {@code replacement-needed}
 * @param pool the pool concerned, or {@code null} for a fleet-wide alert
 * @param nodeId the node concerned, or {@code null} for a pool- or fleet-wide alert
 * @param summary one line an operator reads first; beyond 1000 characters it is shortened
 * @param details what the alert rests on, in the order given (for example the samples
 * that crossed a threshold); kept in that order in every message. Values beyond 2000
 * characters are shortened; beyond 64 entries, the first 63 are kept and
 * {@code more-details} says how many were left out
 */
public record Alert(Instant time, Severity severity, String kind, String pool, String nodeId, String summary,
		Map<String, String> details) {

	private static final Pattern KIND = Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*");

	private static final int MAX_KIND = 64;

	/**
	 * The same rule as the fleet model's ids and names, so a node id or pool always fits.
	 */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

	private static final int MAX_SUMMARY = 1000;

	private static final int MAX_DETAILS = 64;

	private static final int MAX_DETAIL_KEY = 64;

	private static final int MAX_DETAIL_VALUE = 2000;

	/** The last detail kept when there are too many: how many were left out. */
	static final String MORE_DETAILS = "more-details";

	public Alert {
		Objects.requireNonNull(time, "alert time is required");
		Objects.requireNonNull(severity, "alert severity is required");
		Objects.requireNonNull(kind, "alert kind is required");
		if (kind.length() > MAX_KIND || !KIND.matcher(kind).matches()) {
			throw new IllegalArgumentException("alert kind " + quote(kind)
					+ " must be at most 64 lower-case letters and digits in words joined by '-'");
		}
		requireOptionalName(pool, "alert pool");
		requireOptionalName(nodeId, "alert node id");
		Objects.requireNonNull(summary, "alert summary is required");
		if (summary.isBlank()) {
			throw new IllegalArgumentException("alert summary must not be blank");
		}
		// Long text (an exception's message, say) is shortened rather than refused: the
		// alert matters more than its tail, and a caller must not fail for it.
		summary = shorten(summary, MAX_SUMMARY);
		details = copyOf(details);
	}

	/** An alert about one node. */
	public static Alert node(Instant time, Severity severity, String kind, String pool, String nodeId, String summary,
			Map<String, String> details) {
		return new Alert(time, severity, kind, pool, Objects.requireNonNull(nodeId, "alert node id is required"),
				summary, details);
	}

	/** An alert about a whole pool. */
	public static Alert pool(Instant time, Severity severity, String kind, String pool, String summary,
			Map<String, String> details) {
		return new Alert(time, severity, kind, Objects.requireNonNull(pool, "alert pool is required"), null, summary,
				details);
	}

	/** An alert about the whole fleet or monkey-service itself. */
	public static Alert fleet(Instant time, Severity severity, String kind, String summary,
			Map<String, String> details) {
		return new Alert(time, severity, kind, null, null, summary, details);
	}

	private static void requireOptionalName(String value, String what) {
		if (value != null && !NAME.matcher(value).matches()) {
			throw new IllegalArgumentException(what + " " + quote(value)
					+ " must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
	}

	private static Map<String, String> copyOf(Map<String, String> details) {
		if (details == null || details.isEmpty()) {
			return Map.of();
		}
		Map<String, String> copy = new LinkedHashMap<>();
		for (Map.Entry<String, String> detail : details.entrySet()) {
			String key = detail.getKey();
			if (key == null || key.isBlank() || key.length() > MAX_DETAIL_KEY) {
				throw new IllegalArgumentException(
						"an alert detail key must be 1 to " + MAX_DETAIL_KEY + " characters, was " + quote(key));
			}
			if (detail.getValue() == null) {
				throw new IllegalArgumentException("alert detail " + quote(key) + " has no value");
			}
			if (copy.size() == MAX_DETAILS - 1 && details.size() > MAX_DETAILS) {
				copy.put(MORE_DETAILS, (details.size() - copy.size()) + " more not shown");
				break;
			}
			copy.put(key, shorten(detail.getValue(), MAX_DETAIL_VALUE));
		}
		return Collections.unmodifiableMap(copy);
	}

	private static String shorten(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

	private static String quote(String value) {
		if (value == null) {
			return "null";
		}
		return "'" + ((value.length() > 80) ? value.substring(0, 80) + "…" : value) + "'";
	}

}

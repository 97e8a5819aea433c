package io.monkeyfleet.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks every record runs in its constructor. Messages name the field and quote the
 * bad value (shortened), so a log line says exactly what was wrong.
 */
final class Require {

	/**
	 * Ids and names end up in Redis keys and ACL key patterns, so they are kept to
	 * characters that are never special there: no ':', '*', '?', '[', '{' or spaces.
	 */
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

	private static final int MAX_QUOTED = 80;

	private Require() {
	}

	static <T> T present(T value, String what) {
		if (value == null) {
			throw new IllegalArgumentException(what + " is required");
		}
		return value;
	}

	static String name(String value, String what) {
		present(value, what);
		if (!NAME.matcher(value).matches()) {
			throw new IllegalArgumentException(what + " " + quote(value)
					+ " must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
		return value;
	}

	static String optionalName(String value, String what) {
		return (value != null) ? name(value, what) : null;
	}

	static String text(String value, String what, int maxLength) {
		present(value, what);
		if (value.isBlank()) {
			throw new IllegalArgumentException(what + " must not be blank");
		}
		if (value.length() > maxLength) {
			throw new IllegalArgumentException(what + " is longer than " + maxLength + " characters: " + quote(value));
		}
		return value;
	}

	static double percent(double value, String what) {
		if (!Double.isFinite(value) || value < 0 || value > 100) {
			throw new IllegalArgumentException(what + " must be between 0 and 100, was " + value);
		}
		return value;
	}

	static long notNegative(long value, String what) {
		if (value < 0) {
			throw new IllegalArgumentException(what + " must not be negative, was " + value);
		}
		return value;
	}

	static <T> List<T> list(List<T> values, String what, int maxSize) {
		if (values == null) {
			return List.of();
		}
		if (values.size() > maxSize) {
			throw new IllegalArgumentException(what + " has " + values.size() + " entries, at most " + maxSize);
		}
		values.forEach((value) -> present(value, "an entry of " + what));
		return List.copyOf(values);
	}

	/**
	 * An immutable copy that keeps the given order (evidence reads best in the order it
	 * was gathered), with every key a name and every value at most {@code maxValueLength}
	 * long.
	 */
	static Map<String, String> labels(Map<String, String> values, String what, int maxSize, int maxValueLength) {
		if (values == null || values.isEmpty()) {
			return Map.of();
		}
		if (values.size() > maxSize) {
			throw new IllegalArgumentException(what + " has " + values.size() + " entries, at most " + maxSize);
		}
		Map<String, String> copy = new LinkedHashMap<>();
		values.forEach((key, value) -> {
			name(key, "a key of " + what);
			present(value, what + " '" + key + "'");
			if (value.length() > maxValueLength) {
				throw new IllegalArgumentException(
						what + " '" + key + "' is longer than " + maxValueLength + " characters");
			}
			copy.put(key, value);
		});
		return Collections.unmodifiableMap(copy);
	}

	static String quote(String value) {
		String shown = (value.length() > MAX_QUOTED) ? value.substring(0, MAX_QUOTED) + "…" : value;
		return "'" + shown + "'";
	}

}

package io.monkeyfleet.testsupport.faults;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * Seeded hostile input for fuzz tests: garbage ids, path traversal, unicode, control
 * characters, injection strings, random JSON of every shape, truncated JSON, numbers that
 * do not fit. The same seed gives the same sequence, so a failing run is replayed by its
 * seed.
 */
public final class HostileInput {

	private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.";

	private final Random random;

	public HostileInput(long seed) {
		this.random = new Random(seed);
	}

	/** A plausible identifier: letters, digits, {@code -_.}, 1 to 12 of them. */
	public String word() {
		StringBuilder word = new StringBuilder();
		int length = 1 + this.random.nextInt(12);
		for (int i = 0; i < length; i++) {
			word.append(LETTERS.charAt(this.random.nextInt(LETTERS.length())));
		}
		return word.toString();
	}

	/**
	 * Something no valid input looks like: empty, huge, traversal, control characters,
	 * unicode, SQL or script injection, percent garbage, CRLF.
	 */
	public String garbage() {
		return switch (this.random.nextInt(14)) {
			case 0 -> "";
			case 1 -> "x".repeat(1 + this.random.nextInt(3000));
			case 2 -> "..";
			case 3 -> "../../../../etc/passwd";
			case 4 -> "\u0000\u0001\u001f";
			case 5 -> "ünïcødé-☃-𝄞-" + this.random.nextInt();
			case 6 -> "' OR 1=1 --";
			case 7 -> "<script>alert(1)</script>";
			case 8 -> "%00%ff%zz";
			case 9 -> "a\r\nX-Injected: 1";
			case 10 -> "..%2f..%2f..%2fetc%2fpasswd";
			case 11 -> "${jndi:ldap://127.0.0.1/x}";
			case 12 -> "\uFEFF\u202E\uD800";
			default -> String.valueOf(this.random.nextLong());
		};
	}

	/** A number as JSON text, often one that does not fit or is not a number. */
	public String number() {
		return pick(List.of("0", "-1", "1", "3", "2147483648", "-2147483649", "1e400", "1.5", "NaN", "\"7\"",
				"99999999999999999999999", String.valueOf(this.random.nextInt())));
	}

	/**
	 * Random JSON of any shape, nested up to {@code depth}; keys from {@code fields} or
	 * random.
	 */
	public String json(int depth, List<String> fields) {
		int kind = this.random.nextInt((depth > 0) ? 8 : 5);
		return switch (kind) {
			case 0 -> "null";
			case 1 -> String.valueOf(this.random.nextBoolean());
			case 2 -> number();
			case 3 -> quoted(garbage());
			case 4 -> "\"" + word() + "\"";
			case 5, 6 -> {
				StringBuilder object = new StringBuilder("{");
				int count = this.random.nextInt(5);
				for (int i = 0; i < count; i++) {
					String field = (fields.isEmpty() || this.random.nextInt(4) == 0) ? word() : pick(fields);
					object.append((i > 0) ? "," : "").append(quoted(field)).append(':').append(json(depth - 1, fields));
				}
				yield object.append('}').toString();
			}
			default -> {
				StringBuilder array = new StringBuilder("[");
				int items = this.random.nextInt(4);
				for (int i = 0; i < items; i++) {
					array.append((i > 0) ? "," : "").append(json(depth - 1, fields));
				}
				yield array.append(']').toString();
			}
		};
	}

	/**
	 * A body that is not what an endpoint expects: random JSON, truncated JSON, not JSON
	 * at all, deep nesting, or {@code valid} mutated.
	 */
	public String body(String valid, List<String> fields) {
		return switch (this.random.nextInt(7)) {
			case 0 -> json(3, fields);
			case 1 -> truncated(valid);
			case 2 -> garbage();
			case 3 -> "[".repeat(2000 + this.random.nextInt(3000));
			case 4 ->
				valid.replaceFirst(":\\s*\"[^\"]*\"", java.util.regex.Matcher.quoteReplacement(":" + json(2, fields)));
			case 5 -> valid.replaceFirst("\\{",
					java.util.regex.Matcher.quoteReplacement("{\"" + word() + "\":" + json(2, fields) + ","));
			default -> "{\"" + pick(fields.isEmpty() ? List.of("x") : fields) + "\":" + quoted(garbage()) + "}";
		};
	}

	/** A content type, often the wrong one. */
	public String contentType() {
		return pick(List.of("application/json", "application/json", "application/json", "text/plain", "application/xml",
				"application/json; charset=latin1", "multipart/form-data", "application/x-www-form-urlencoded",
				"application/json; charset=\u00ff", ";;;"));
	}

	public String truncated(String text) {
		return text.substring(0, this.random.nextInt(Math.max(1, text.length())));
	}

	public <T> T pick(List<T> choices) {
		return choices.get(this.random.nextInt(choices.size()));
	}

	public int nextInt(int bound) {
		return this.random.nextInt(bound);
	}

	public boolean nextBoolean() {
		return this.random.nextBoolean();
	}

	/** {@code text} as a JSON string (escaped, so the document parses). */
	public static String quoted(String text) {
		StringBuilder quoted = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			if (c == '"' || c == '\\') {
				quoted.append('\\').append(c);
			}
			else if (c < 0x20) {
				quoted.append(String.format("\\u%04x", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		return quoted.append('"').toString();
	}

	/** {@code text} percent-encoded for a path segment or a query value. */
	public static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

}

package io.monkeyfleet.stack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code .properties} file in the order it was written, so a person reading
 * {@code .local-stack/config/} sees how the stack is set up; escaped as
 * {@link java.util.Properties#load} expects.
 */
final class PropertiesFile {

	private final Map<String, String> values = new LinkedHashMap<>();

	private final StringBuilder text = new StringBuilder();

	PropertiesFile comment(String comment) {
		this.text.append(System.lineSeparator()).append("# ").append(comment).append(System.lineSeparator());
		return this;
	}

	PropertiesFile put(String key, Object value) {
		String text = String.valueOf(value);
		this.values.put(key, text);
		this.text.append(escape(key, true)).append('=').append(escape(text, false)).append(System.lineSeparator());
		return this;
	}

	/** {@code key[0]=...}, {@code key[1]=...} */
	PropertiesFile putList(String key, List<String> values) {
		for (int i = 0; i < values.size(); i++) {
			put(key + "[" + i + "]", values.get(i));
		}
		return this;
	}

	String get(String key) {
		return this.values.get(key);
	}

	String text() {
		return this.text.toString();
	}

	private static String escape(String text, boolean key) {
		StringBuilder escaped = new StringBuilder();
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\\' -> escaped.append("\\\\");
				case '\n' -> escaped.append("\\n");
				case '\r' -> escaped.append("\\r");
				case '\t' -> escaped.append("\\t");
				case '=', ':', '#', '!' -> escaped.append(key ? "\\" + c : String.valueOf(c));
				case ' ' -> escaped.append((key || i == 0) ? "\\ " : " ");
				default -> {
					if (c < 0x20 || c > 0x7e) {
						escaped.append(String.format("\\u%04x", (int) c));
					}
					else {
						escaped.append(c);
					}
				}
			}
		}
		return escaped.toString();
	}

}

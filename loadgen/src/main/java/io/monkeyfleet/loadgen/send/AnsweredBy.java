package io.monkeyfleet.loadgen.send;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads which node answered from a JSON body's top-level string field (the sample app
 * answers {@code {"node":"node-1"}}), without parsing the whole body.
 */
public final class AnsweredBy {

	private final Pattern pattern;

	private AnsweredBy(String field) {
		this.pattern = (field == null || field.isBlank()) ? null
				: Pattern.compile("\"" + Pattern.quote(field) + "\"\\s*:\\s*\"([^\"]{1,200})\"");
	}

	/** Reads the field {@code field}; blank reads nothing. */
	public static AnsweredBy field(String field) {
		return new AnsweredBy(field);
	}

	/** The node named in {@code body}, or {@code null}. */
	public String in(String body) {
		if (this.pattern == null || body == null) {
			return null;
		}
		Matcher matcher = this.pattern.matcher(body);
		return matcher.find() ? matcher.group(1) : null;
	}

}

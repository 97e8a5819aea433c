package io.monkeyfleet.deploy;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Enough of PromQL for our dashboard and
 * rules: strings, label matchers, ranges and grouping clauses are removed, then every
 * identifier that is not a function call, a keyword or a number is a metric name.
 */
final class PromQl {

	private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");

	private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");

	private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "offset", "bool", "by", "without", "on",
			"ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

	private PromQl() {
	}

	static Set<String> metricNames(String expression) {
		String rest = STRING.matcher(expression).replaceAll(" ");
		rest = MATCHERS.matcher(rest).replaceAll(" ");
		rest = RANGE.matcher(rest).replaceAll(" ");
		rest = GROUPING.matcher(rest).replaceAll(" ");
		rest = rest.replaceAll("\\$\\w+", " ");
		Set<String> names = new TreeSet<>();
		Matcher identifier = IDENTIFIER.matcher(rest);
		while (identifier.find()) {
			String name = identifier.group();
			int after = identifier.end();
			while (after < rest.length() && Character.isWhitespace(rest.charAt(after))) {
				after++;
			}
			boolean call = after < rest.length() && rest.charAt(after) == '(';
			boolean partOfNumber = identifier.start() > 0 && (Character.isDigit(rest.charAt(identifier.start() - 1))
					|| rest.charAt(identifier.start() - 1) == '.');
			if (!call && !partOfNumber && !KEYWORDS.contains(name)) {
				names.add(name);
			}
		}
		return names;
	}

	/** The metric of a Grafana {@code label_values(metric, label)} variable query. */
	static Set<String> labelValuesMetric(String query) {
		Matcher matcher = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,").matcher(query);
		return matcher.find() ? Set.of(matcher.group(1)) : Set.of();
	}

}

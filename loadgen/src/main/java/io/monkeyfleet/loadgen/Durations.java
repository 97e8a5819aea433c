package io.monkeyfleet.loadgen;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}. */
final class Durations {

	private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h)");

	private Durations() {
	}

	static Duration parse(String text, String what) {
		Matcher matcher = DURATION.matcher(text.trim());
		if (!matcher.matches()) {
			throw new IllegalArgumentException(
					what + " must be a duration such as 500ms, 30s, 2m or 1h, was '" + text + "'");
		}
		long amount = Long.parseLong(matcher.group(1));
		Duration duration = switch (matcher.group(2)) {
			case "ms" -> Duration.ofMillis(amount);
			case "s" -> Duration.ofSeconds(amount);
			case "m" -> Duration.ofMinutes(amount);
			default -> Duration.ofHours(amount);
		};
		if (duration.isZero()) {
			throw new IllegalArgumentException(what + " must be more than zero");
		}
		return duration;
	}

}

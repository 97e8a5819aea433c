package io.monkeyfleet.monkey.alerts;

import java.time.Instant;
import java.util.Map;

/** Something an operator must hear about. */
public record Alert(Instant time, Severity severity, String kind, String pool, String nodeId, String summary,
		Map<String, String> details) {

	public Alert {
		if (time == null || severity == null || kind == null || kind.isBlank() || summary == null
				|| summary.isBlank()) {
			throw new IllegalArgumentException("an alert needs a time, a severity, a kind and a summary");
		}
		details = (details != null) ? Map.copyOf(details) : Map.of();
	}

}

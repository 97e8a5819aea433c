package io.monkeyfleet.monkey.alerts;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Alerts for tests: the kinds monkey-service raises, on node n1 of pool web unless said.
 */
final class TestAlerts {

	static final Instant START = Instant.parse("2030-01-01T12:00:00Z");

	private TestAlerts() {
	}

	static Alert quarantined(String nodeId, Instant time, String summary) {
		Map<String, String> details = new LinkedHashMap<>();
		details.put("repairs", "3 in 24h");
		details.put("last-cpu", "97.5");
		return Alert.node(time, Severity.CRITICAL, "node-quarantined", "web", nodeId, summary, details);
	}

	static Alert breakerOpen(String pool, Instant time, String summary) {
		return Alert.pool(time, Severity.WARNING, "breaker-open", pool, summary, Map.of("unhealthy", "5 of 10"));
	}

	static Alert redisUnreachable(Instant time) {
		return Alert.fleet(time, Severity.CRITICAL, "redis-unreachable", "Redis unreachable: monkeys stopped acting",
				Map.of());
	}

}

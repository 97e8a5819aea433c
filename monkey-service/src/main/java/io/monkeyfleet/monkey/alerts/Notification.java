package io.monkeyfleet.monkey.alerts;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One message to send on every channel: either the first alert of its group, sent at
 * once, or a digest of the alerts of one group held during a window.
 *
 * @param group the group every alert belongs to
 * @param alerts the alerts, oldest first: one for an immediate alert, one or more for a
 * digest
 * @param omitted how many more alerts a digest held but does not list (its size is
 * bounded)
 * @param windowStart for a digest, when its window opened; {@code null} otherwise
 * @param windowEnd for a digest, when its window closed; {@code null} otherwise
 */
record Notification(AlertGroup group, List<Alert> alerts, int omitted, Instant windowStart, Instant windowEnd) {

	Notification {
		Objects.requireNonNull(group, "group");
		alerts = List.copyOf(alerts);
		if (alerts.isEmpty()) {
			throw new IllegalArgumentException("a notification carries at least one alert");
		}
		if ((windowStart == null) != (windowEnd == null)) {
			throw new IllegalArgumentException("a digest has both ends of its window, an immediate alert neither");
		}
	}

	static Notification immediate(Alert alert) {
		return new Notification(AlertGroup.of(alert), List.of(alert), 0, null, null);
	}

	static Notification digest(AlertGroup group, List<Alert> held, int omitted, Instant windowStart,
			Instant windowEnd) {
		return new Notification(group, held, omitted, windowStart, windowEnd);
	}

	boolean isDigest() {
		return this.windowEnd != null;
	}

	/** The highest severity among the alerts. */
	Severity severity() {
		return this.alerts.stream().map(Alert::severity).max(Comparator.naturalOrder()).orElseThrow();
	}

	/** How many alerts this stands for, listed or not. */
	int count() {
		return this.alerts.size() + this.omitted;
	}

	/** The one alert of an immediate notification, or the first of a digest. */
	Alert first() {
		return this.alerts.get(0);
	}

}

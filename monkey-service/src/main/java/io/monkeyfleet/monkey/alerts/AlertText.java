package io.monkeyfleet.monkey.alerts;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The words of a notification, the same on every channel: a one-line subject and a plain
 * text body that lists every alert with its details.
 */
final class AlertText {

	private static final int MAX_SUBJECT = 200;

	private AlertText() {
	}

	/**
	 * One line: "CRITICAL node-quarantined on node n1 (pool web): summary", or for a
	 * digest "CRITICAL 3 more node-quarantined alerts on node n1 (pool web) in 5m".
	 */
	static String subject(Notification notification) {
		Alert first = notification.first();
		String subject;
		if (notification.isDigest()) {
			int count = notification.count();
			subject = notification.severity() + " " + count + " more " + first.kind() + " alert"
					+ ((count == 1) ? "" : "s") + " on " + where(first) + " in "
					+ human(Duration.between(notification.windowStart(), notification.windowEnd()));
		}
		else {
			subject = first.severity() + " " + first.kind() + " on " + where(first) + ": " + first.summary();
		}
		return shorten(oneLine(subject), MAX_SUBJECT);
	}

	/** Every alert with its time, severity, summary and details. */
	static String body(Notification notification) {
		StringBuilder body = new StringBuilder();
		if (notification.isDigest()) {
			Alert first = notification.first();
			body.append(notification.count())
				.append(" ")
				.append(first.kind())
				.append(" alert")
				.append((notification.count() == 1) ? " was" : "s were")
				.append(" held for ")
				.append(where(first))
				.append(" between ")
				.append(notification.windowStart().truncatedTo(ChronoUnit.SECONDS))
				.append(" and ")
				.append(notification.windowEnd().truncatedTo(ChronoUnit.SECONDS))
				.append(" (one message per node or pool and kind per window):\n");
			int number = 1;
			for (Alert alert : notification.alerts()) {
				body.append('\n').append(number++).append(". ");
				appendAlert(body, alert, "   ");
			}
			if (notification.omitted() > 0) {
				body.append("\n... and ")
					.append(notification.omitted())
					.append(" more, not listed: a digest lists at most ")
					.append(notification.alerts().size())
					.append(".\n");
			}
		}
		else {
			appendAlert(body, notification.first(), "");
		}
		return body.toString();
	}

	private static void appendAlert(StringBuilder body, Alert alert, String indent) {
		body.append(alert.time()).append(' ').append(alert.severity()).append(' ').append(alert.kind());
		body.append(" on ").append(where(alert)).append('\n');
		body.append(indent).append(alert.summary()).append('\n');
		for (Map.Entry<String, String> detail : alert.details().entrySet()) {
			body.append(indent)
				.append("  ")
				.append(detail.getKey())
				.append(": ")
				.append(detail.getValue())
				.append('\n');
		}
	}

	/** "node n1 (pool web)", "pool web" or "the fleet". */
	static String where(Alert alert) {
		if (alert.nodeId() != null) {
			return "node " + alert.nodeId() + ((alert.pool() != null) ? " (pool " + alert.pool() + ")" : "");
		}
		return (alert.pool() != null) ? "pool " + alert.pool() : "the fleet";
	}

	/** "5m", "1h", "2m13s", "0s". */
	static String human(Duration duration) {
		long seconds = Math.max(0, duration.toSeconds());
		StringBuilder text = new StringBuilder();
		if (seconds >= 3600) {
			text.append(seconds / 3600).append('h');
		}
		if (seconds % 3600 >= 60) {
			text.append((seconds % 3600) / 60).append('m');
		}
		if (seconds % 60 != 0 || text.length() == 0) {
			text.append(seconds % 60).append('s');
		}
		return text.toString();
	}

	/** A subject is a mail header: a line break in it would end the header early. */
	private static String oneLine(String text) {
		return text.replaceAll("[\\r\\n\\t]+", " ");
	}

	private static String shorten(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max - 1) + "…";
	}

}

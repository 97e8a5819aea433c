package io.monkeyfleet.monkey.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rate limiting by group: at most one message per group per window.
 *
 * <p>
 * The first alert of a quiet group goes out at once and opens a window. Alerts of the
 * same group during the window are held; when the window ends they go out as one digest,
 * which opens the next window (so a storm yields one message per window, never more). A
 * window that ends with nothing held closes the group: its next alert goes out at once
 * again. A digest lists at most {@code maxListed} alerts and counts the rest, so a storm
 * cannot exhaust memory.
 *
 * <p>
 * Plain logic with no threads or clock of its own: the caller passes "now". Thread-safe.
 */
final class AlertGrouper {

	private final Duration window;

	private final int maxListed;

	private final Map<AlertGroup, Window> open = new HashMap<>();

	private int held;

	AlertGrouper(Duration window, int maxListed) {
		if (window.isNegative() || window.isZero()) {
			throw new IllegalArgumentException("window must be positive, was " + window);
		}
		if (maxListed < 1) {
			throw new IllegalArgumentException("a digest must list at least one alert, was " + maxListed);
		}
		this.window = window;
		this.maxListed = maxListed;
	}

	/**
	 * Takes one alert.
	 * @param alert the alert
	 * @param now the current time
	 * @return what to send now: the alert itself if its group was quiet, possibly
	 * preceded by the digest of a window that ended before {@link #flushDue} noticed
	 */
	synchronized List<Notification> offer(Alert alert, Instant now) {
		AlertGroup group = AlertGroup.of(alert);
		List<Notification> out = new ArrayList<>(2);
		Window current = this.open.get(group);
		if (current != null && current.isOver(now)) {
			current = roll(group, current, now, out);
		}
		if (current == null) {
			this.open.put(group, new Window(now, now.plus(this.window)));
			out.add(Notification.immediate(alert));
		}
		else {
			current.hold(alert, this.maxListed);
			this.held++;
		}
		return out;
	}

	/**
	 * Ends every window that is over: a digest for each that held alerts.
	 * @param now the current time
	 * @return the digests to send now
	 */
	synchronized List<Notification> flushDue(Instant now) {
		List<Notification> out = new ArrayList<>();
		for (Iterator<Map.Entry<AlertGroup, Window>> entries = this.open.entrySet().iterator(); entries.hasNext();) {
			Map.Entry<AlertGroup, Window> entry = entries.next();
			Window current = entry.getValue();
			if (current.isOver(now)) {
				if (current.isEmpty()) {
					entries.remove();
				}
				else {
					out.add(digest(entry.getKey(), current, now));
					entry.setValue(new Window(now, now.plus(this.window)));
				}
			}
		}
		return out;
	}

	/**
	 * Ends every window at once, as at shutdown: a digest for each that held alerts.
	 * @param now the current time
	 * @return the digests to send now
	 */
	synchronized List<Notification> flushAll(Instant now) {
		List<Notification> out = new ArrayList<>();
		this.open.forEach((group, current) -> {
			if (!current.isEmpty()) {
				out.add(digest(group, current, now));
			}
		});
		this.open.clear();
		return out;
	}

	/** Alerts held for digests now. */
	synchronized int held() {
		return this.held;
	}

	private Window roll(AlertGroup group, Window ended, Instant now, List<Notification> out) {
		if (ended.isEmpty()) {
			this.open.remove(group);
			return null;
		}
		out.add(digest(group, ended, now));
		Window next = new Window(now, now.plus(this.window));
		this.open.put(group, next);
		return next;
	}

	private Notification digest(AlertGroup group, Window ended, Instant now) {
		this.held -= ended.listed.size() + ended.omitted;
		Instant end = now.isBefore(ended.end) ? now : ended.end;
		return Notification.digest(group, ended.listed, ended.omitted, ended.start, end);
	}

	/** One group's open window and the alerts it holds. */
	private static final class Window {

		private final Instant start;

		private final Instant end;

		private final List<Alert> listed = new ArrayList<>();

		private int omitted;

		Window(Instant start, Instant end) {
			this.start = start;
			this.end = end;
		}

		boolean isOver(Instant now) {
			return !now.isBefore(this.end);
		}

		boolean isEmpty() {
			return this.listed.isEmpty() && this.omitted == 0;
		}

		void hold(Alert alert, int maxListed) {
			if (this.listed.size() < maxListed) {
				this.listed.add(alert);
			}
			else {
				this.omitted++;
			}
		}

	}

}

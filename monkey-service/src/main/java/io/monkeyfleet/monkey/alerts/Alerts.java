package io.monkeyfleet.monkey.alerts;

/**
 * Where the rest of monkey-service sends what an operator must hear about.
 *
 * <p>
 * Raising never blocks the caller and never throws, whatever the mail server or webhook
 * does: the alert is queued and delivered in the background, grouped and rate-limited
 * (see docs/alerts.md).
 */
public interface Alerts {

	/**
	 * Queues the alert for delivery and returns at once.
	 * @param alert what happened
	 */
	void raise(Alert alert);

}

package io.monkeyfleet.monkey.alerts;

/**
 * One way of telling an operator: mail, a webhook. Sending may block (up to the channel's
 * own timeouts) and may fail; the caller retries with backoff and never on the monkeys'
 * thread.
 */
interface AlertChannel {

	/** A short lower-case name for logs and metrics: {@code mail}, {@code webhook}. */
	String name();

	/**
	 * Sends one notification.
	 * @param notification what to send
	 * @throws Exception if it was not sent; the caller may try again
	 */
	void send(Notification notification) throws Exception;

}

package io.monkeyfleet.monkey.alerts;

/**
 * Raising never blocks the caller and never throws, whatever the mail server or webhook
 * does.
 */
public interface Alerts {

	void raise(Alert alert);

}

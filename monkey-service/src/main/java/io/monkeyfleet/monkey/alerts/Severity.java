package io.monkeyfleet.monkey.alerts;

/** How urgent an alert is. */
public enum Severity {

	INFO, WARNING, CRITICAL

}

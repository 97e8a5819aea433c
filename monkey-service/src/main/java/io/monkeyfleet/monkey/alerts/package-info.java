/**
 * Alerts: what an operator must hear about, by email and JSON webhook (Slack-compatible),
 * grouped and rate-limited, delivered in the background so that a hanging SMTP server or
 * webhook never slows the monkeys' loop. Other packages use {@link Alerts}, {@link Alert}
 * and {@link Severity}; everything else is package-private.
 */
package io.monkeyfleet.monkey.alerts;

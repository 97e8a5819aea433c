package io.monkeyfleet.store;

import java.time.Duration;

/**
 * How the store keeps its data.
 *
 * @param eventStreamMaxLength the event stream is trimmed to exactly this many newest
 * entries
 * @param maxClockSkew how far in the future a record's timestamp may be (clocks of
 * different hosts disagree a little) before the record is refused as malformed
 */
public record FleetStoreSettings(long eventStreamMaxLength, Duration maxClockSkew) {

	public static final FleetStoreSettings DEFAULTS = new FleetStoreSettings(10_000, Duration.ofSeconds(5));

	public FleetStoreSettings {
		if (eventStreamMaxLength < 1) {
			throw new IllegalArgumentException(
					"event stream max length must be at least 1, was " + eventStreamMaxLength);
		}
		if (maxClockSkew == null || maxClockSkew.isNegative()) {
			throw new IllegalArgumentException("max clock skew must be zero or more, was " + maxClockSkew);
		}
	}

}

package io.monkeyfleet.monkey.settings;

import java.util.function.Supplier;

import io.monkeyfleet.monkey.MonkeyProperties;

/**
 * The monkeys' settings as they are now. The tick reads them afresh every time, so a
 * setting changed at runtime (by an operator, through the admin API) applies from the
 * next tick; each value returned is immutable and validated like the configuration.
 */
@FunctionalInterface
public interface SettingsSource extends Supplier<MonkeyProperties> {

	MonkeyProperties current();

	@Override
	default MonkeyProperties get() {
		return current();
	}

	/** The configuration as it was at start-up, never changed. */
	static SettingsSource fixed(MonkeyProperties properties) {
		return () -> properties;
	}

}

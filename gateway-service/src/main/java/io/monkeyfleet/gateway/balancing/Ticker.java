package io.monkeyfleet.gateway.balancing;

/**
 * A monotonic nanosecond source for measuring durations (latency, EWMA decay). Injected,
 * so time-dependent code is tested with a hand-moved ticker.
 */
@FunctionalInterface
public interface Ticker {

	Ticker SYSTEM = System::nanoTime;

	long nanos();

}

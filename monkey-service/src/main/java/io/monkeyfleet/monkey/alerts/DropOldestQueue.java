package io.monkeyfleet.monkey.alerts;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A bounded queue whose producers never wait: when it is full the oldest entry makes room
 * for the new one and is counted. For alerts the newest news matters most, and a producer
 * that blocked would stall the monkeys' loop.
 */
final class DropOldestQueue<T> {

	private final LinkedBlockingDeque<T> entries;

	private final Runnable onDrop;

	DropOldestQueue(int capacity, Runnable onDrop) {
		if (capacity < 1) {
			throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
		}
		this.entries = new LinkedBlockingDeque<>(capacity);
		this.onDrop = onDrop;
	}

	/** Adds the entry, dropping the oldest ones while the queue is full. Never blocks. */
	void add(T entry) {
		while (!this.entries.offerLast(entry)) {
			if (this.entries.pollFirst() != null) {
				this.onDrop.run();
			}
		}
	}

	/** The oldest entry, or {@code null} at once when there is none. */
	T poll() {
		return this.entries.pollFirst();
	}

	/**
	 * The oldest entry, waiting at most {@code timeout} for one; {@code null} if none
	 * came.
	 */
	T poll(Duration timeout) throws InterruptedException {
		return this.entries.pollFirst(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	boolean isEmpty() {
		return this.entries.isEmpty();
	}

	int size() {
		return this.entries.size();
	}

}

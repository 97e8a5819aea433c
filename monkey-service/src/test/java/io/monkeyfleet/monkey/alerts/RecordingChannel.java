package io.monkeyfleet.monkey.alerts;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A channel that keeps what it is sent, and fails its first {@code failures} attempts:
 * the fake a test puts behind the {@link AlertChannel} interface.
 */
final class RecordingChannel implements AlertChannel {

	private final String name;

	private final AtomicInteger failuresLeft;

	private final AtomicInteger attempts = new AtomicInteger();

	private final List<Notification> sent = new CopyOnWriteArrayList<>();

	RecordingChannel(String name) {
		this(name, 0);
	}

	RecordingChannel(String name, int failures) {
		this.name = name;
		this.failuresLeft = new AtomicInteger(failures);
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public void send(Notification notification) throws Exception {
		this.attempts.incrementAndGet();
		if (this.failuresLeft.getAndDecrement() > 0) {
			throw new java.io.IOException("refused by test");
		}
		this.sent.add(notification);
	}

	List<Notification> sent() {
		return List.copyOf(this.sent);
	}

	/** Every alert sent, in order, digests flattened. */
	List<String> summaries() {
		return this.sent.stream()
			.flatMap((notification) -> notification.alerts().stream())
			.map(Alert::summary)
			.toList();
	}

	int attempts() {
		return this.attempts.get();
	}

}

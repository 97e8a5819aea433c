package io.monkeyfleet.monkey.admin;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.monkeyfleet.concurrent.DaemonThreads;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.StoredEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The live event stream (Server-Sent Events): one background thread reads the new events
 * from Redis a few times a second and hands each to every subscriber whose filter it
 * matches, however many subscribers there are. A subscriber that resumes with an event id
 * first gets what it missed, then the live events, with nothing twice and nothing lost in
 * between: both happen on the same thread.
 */
class EventFeed implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(EventFeed.class);

	/** Events read per poll at most; a burst takes a few polls. */
	private static final int BATCH = 500;

	/** A resuming subscriber gets at most this many missed events. */
	private static final int MAX_CATCH_UP = 2_000;

	private static final long HEARTBEAT_POLLS = 60;

	private final FleetStore store;

	private final Duration pollInterval;

	private final int maxSubscribers;

	private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();

	private ScheduledExecutorService scheduler;

	/** The newest event handed out; {@code null} until someone subscribes. */
	private String cursor;

	private long polls;

	private boolean redisAway;

	EventFeed(FleetStore store, Duration pollInterval, int maxSubscribers) {
		this.store = store;
		this.pollInterval = pollInterval;
		this.maxSubscribers = maxSubscribers;
	}

	/**
	 * A new subscriber.
	 * @param after resume after this event id; {@code null} for live events only
	 * @throws TooManySubscribersException when the limit is reached
	 */
	SseEmitter subscribe(EventFilter filter, String after, Duration timeout) {
		if (this.subscribers.size() >= this.maxSubscribers) {
			throw new TooManySubscribersException(this.maxSubscribers);
		}
		SseEmitter emitter = new SseEmitter(timeout.toMillis());
		Subscriber subscriber = new Subscriber(emitter, filter, after);
		emitter.onCompletion(() -> this.subscribers.remove(subscriber));
		emitter.onTimeout(() -> this.subscribers.remove(subscriber));
		emitter.onError((ex) -> this.subscribers.remove(subscriber));
		this.subscribers.add(subscriber);
		return emitter;
	}

	int subscribers() {
		return this.subscribers.size();
	}

	void poll() {
		try {
			if (this.subscribers.isEmpty()) {
				// Start from the newest event when someone subscribes, not from an old
				// one.
				this.cursor = null;
				return;
			}
			if (this.cursor == null) {
				List<StoredEvent> newest = this.store.latestEvents(1);
				this.cursor = newest.isEmpty() ? "0-0" : newest.get(0).id();
			}
			for (Subscriber subscriber : this.subscribers) {
				if (subscriber.resumeAfter != null) {
					catchUp(subscriber);
				}
			}
			List<StoredEvent> events = this.store.eventsAfter(this.cursor, BATCH);
			for (StoredEvent event : events) {
				this.cursor = event.id();
				for (Subscriber subscriber : this.subscribers) {
					send(subscriber, event);
				}
			}
			if (++this.polls % HEARTBEAT_POLLS == 0) {
				this.subscribers.forEach(this::heartbeat);
			}
			if (this.redisAway) {
				this.redisAway = false;
				logger.info("Event stream readable again");
			}
		}
		catch (DataAccessException ex) {
			if (!this.redisAway) {
				this.redisAway = true;
				logger.warn("Cannot read the event stream ({}); live events resume when Redis is back",
						ex.getMessage());
			}
		}
		catch (RuntimeException ex) {
			logger.error("Live event feed failed; trying again", ex);
		}
	}

	/** Sends what the subscriber missed, up to where the live events stand. */
	private void catchUp(Subscriber subscriber) {
		String from = subscriber.resumeAfter;
		subscriber.resumeAfter = null;
		int sent = 0;
		while (sent < MAX_CATCH_UP) {
			List<StoredEvent> missed = this.store.eventsAfter(from, BATCH);
			for (StoredEvent event : missed) {
				if (compare(event.id(), this.cursor) > 0) {
					return;
				}
				send(subscriber, event);
				from = event.id();
				sent++;
			}
			if (missed.size() < BATCH) {
				return;
			}
		}
	}

	private void send(Subscriber subscriber, StoredEvent event) {
		if (!subscriber.filter.matches(event)) {
			return;
		}
		try {
			subscriber.emitter.send(SseEmitter.event()
				.id(event.id())
				.name("fleet-event")
				.data(EventView.of(event), MediaType.APPLICATION_JSON));
		}
		catch (IOException | IllegalStateException ex) {
			drop(subscriber);
		}
	}

	private void heartbeat(Subscriber subscriber) {
		try {
			subscriber.emitter.send(SseEmitter.event().comment("keep-alive"));
		}
		catch (IOException | IllegalStateException ex) {
			drop(subscriber);
		}
	}

	private void drop(Subscriber subscriber) {
		this.subscribers.remove(subscriber);
		try {
			subscriber.emitter.complete();
		}
		catch (RuntimeException ex) {
			// Already gone.
		}
	}

	/** Stream ids compare as (milliseconds, sequence). */
	static int compare(String a, String b) {
		long[] x = parse(a);
		long[] y = parse(b);
		return (x[0] != y[0]) ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]);
	}

	private static long[] parse(String id) {
		int dash = id.indexOf('-');
		return (dash > 0) ? new long[] { Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)) }
				: new long[] { Long.parseLong(id), 0 };
	}

	@Override
	public void start() {
		this.scheduler = DaemonThreads.scheduler("event-feed");
		this.scheduler.scheduleWithFixedDelay(this::poll, 0, this.pollInterval.toMillis(), TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		this.subscribers.forEach(this::drop);
		DaemonThreads.shutdown(this.scheduler, Duration.ofSeconds(2));
		this.scheduler = null;
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

	private static final class Subscriber {

		private final SseEmitter emitter;

		private final EventFilter filter;

		/** Touched only by the feed's thread once subscribed. */
		private volatile String resumeAfter;

		Subscriber(SseEmitter emitter, EventFilter filter, String resumeAfter) {
			this.emitter = emitter;
			this.filter = filter;
			this.resumeAfter = resumeAfter;
		}

	}

	/** The feed serves at most so many subscribers at once. */
	static class TooManySubscribersException extends RuntimeException {

		TooManySubscribersException(int limit) {
			super("the live event stream already serves " + limit + " subscribers; try again later");
		}

	}

}

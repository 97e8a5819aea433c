package io.monkeyfleet.monkey.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.StoredEvent;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The fleet's events: pages of the history, newest first, filtered by time, node, pool
 * and type; and the live stream as Server-Sent Events with the same filters.
 */
@RestController
@RequestMapping("/api/events")
@Tag(name = "events", description = "what happened, who did it and why")
class EventsController {

	private static final Pattern STREAM_ID = Pattern.compile("\\d{1,18}-\\d{1,18}");

	/** Later than any event will ever be; beyond it a time is a typo. */
	private static final Instant LATEST_SINCE = Instant.parse("9999-12-31T23:59:59Z");

	/** Events read from Redis per round while looking for a page's matches. */
	private static final int SCAN = 500;

	/** A live stream lasts this long; the browser's EventSource then resumes it. */
	private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

	private final FleetStore store;

	private final EventFeed feed;

	EventsController(FleetStore store, EventFeed feed) {
		this.store = store;
		this.feed = feed;
	}

	@GetMapping
	@Operation(summary = "Events, newest first; page back with the answer's next cursor")
	EventPage events(
			@Parameter(description = "ISO-8601 instant: only events at or after it") @RequestParam(
					required = false) String since,
			@Parameter(description = "only events about this node") @RequestParam(required = false) String node,
			@Parameter(description = "only events about this pool") @RequestParam(required = false) String pool,
			@Parameter(description = "only events of these types (repeat or comma-separate)") @RequestParam(
					required = false) List<String> type,
			@Parameter(description = "the next cursor of the previous page") @RequestParam(
					required = false) String before,
			@Parameter(description = "events per page, 1 to 500") @RequestParam(
					defaultValue = "100") @Min(1) @Max(500) int limit) {
		EventFilter filter = filter(since, node, pool, type);
		String cursor = streamId(before, "before");
		List<EventView> page = new ArrayList<>();
		if ("0-0".equals(cursor)) {
			// Nothing is older than the first possible id (and Redis refuses the range).
			return new EventPage(page, null);
		}
		long scanned = 0;
		long streamLength = this.store.eventCount();
		while (scanned <= streamLength) {
			List<StoredEvent> batch = this.store.eventsBefore(cursor, SCAN);
			for (StoredEvent event : batch) {
				cursor = event.id();
				if (filter.beforeSince(event.id())) {
					return new EventPage(page, null);
				}
				if (filter.matches(event)) {
					page.add(EventView.of(event));
					if (page.size() == limit) {
						return new EventPage(page, event.id());
					}
				}
			}
			scanned += batch.size();
			if (batch.size() < SCAN) {
				break;
			}
		}
		return new EventPage(page, null);
	}

	@GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	@Operation(summary = "Live events (Server-Sent Events, event name fleet-event, id = the event's id)")
	SseEmitter stream(@RequestParam(required = false) String node, @RequestParam(required = false) String pool,
			@RequestParam(required = false) List<String> type,
			@Parameter(description = "resume after this event id (as Last-Event-ID does)") @RequestParam(
					required = false) String after,
			@RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
		EventFilter filter = filter(null, node, pool, type);
		String resumeAfter = streamId((lastEventId != null) ? lastEventId : after,
				(lastEventId != null) ? "Last-Event-ID" : "after");
		return this.feed.subscribe(filter, resumeAfter, STREAM_TIMEOUT);
	}

	private static EventFilter filter(String since, String node, String pool, List<String> types) {
		Instant from = null;
		if (since != null) {
			try {
				from = Instant.parse(since);
			}
			catch (DateTimeParseException ex) {
				throw new AdminExceptions.InvalidRequest(
						"since '" + since + "' is not an ISO-8601 instant such as 2026-11-24T10:00:00Z");
			}
			if (from.isBefore(Instant.EPOCH) || from.isAfter(LATEST_SINCE)) {
				throw new AdminExceptions.InvalidRequest(
						"since '" + since + "' must lie between 1970-01-01T00:00:00Z and " + LATEST_SINCE);
			}
		}
		Set<EventType> wanted = EnumSet.noneOf(EventType.class);
		if (types != null) {
			for (String type : types) {
				for (String one : type.split(",")) {
					String name = one.trim().toUpperCase(Locale.ROOT).replace('-', '_');
					if (name.isEmpty()) {
						continue;
					}
					try {
						wanted.add(EventType.valueOf(name));
					}
					catch (IllegalArgumentException ex) {
						throw new AdminExceptions.InvalidRequest(
								"type '" + one.trim() + "' is not one of " + Arrays.toString(EventType.values()));
					}
				}
			}
		}
		return new EventFilter(from, blankToNull(node), blankToNull(pool), wanted);
	}

	private static String streamId(String id, String what) {
		if (id == null || id.isBlank()) {
			return null;
		}
		if (!STREAM_ID.matcher(id).matches()) {
			throw new AdminExceptions.InvalidRequest(
					what + " '" + id + "' is not an event id such as 1732440000000-0 (take one from an event)");
		}
		return id;
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	/**
	 * @param events newest first
	 * @param next pass as {@code before} for the next (older) page; {@code null} when
	 * there is none
	 */
	record EventPage(List<EventView> events, String next) {
	}

}

package io.monkeyfleet.gateway.traffic;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Per-route requests, latency and in-flight count as Micrometer meters, made once per
 * route (the gateway's own per-route metrics are turned off in favour of these, so each
 * request is timed once).
 */
final class RouteStats {

	private final ConcurrentMap<String, Route> routes = new ConcurrentHashMap<>();

	private final MeterRegistry registry;

	RouteStats(MeterRegistry registry) {
		this.registry = registry;
	}

	Route of(String routeId) {
		return this.routes.computeIfAbsent(routeId, (id) -> new Route(id, this.registry));
	}

	/** One route's meters. */
	static final class Route {

		final AtomicInteger inFlight = new AtomicInteger();

		private final Map<Outcome, Timer> timers = new EnumMap<>(Outcome.class);

		Route(String routeId, MeterRegistry registry) {
			for (Outcome outcome : Outcome.values()) {
				this.timers.put(outcome,
						Timer.builder("monkeyfleet.gateway.route.requests")
							.description("Requests taken by a route: count and response time, by outcome")
							.tags("route", routeId, "outcome", outcome.tag)
							.publishPercentileHistogram()
							.minimumExpectedValue(Duration.ofMillis(1))
							.maximumExpectedValue(Duration.ofSeconds(60))
							.register(registry));
			}
			Gauge.builder("monkeyfleet.gateway.route.inflight", this.inFlight, AtomicInteger::get)
				.description("Requests taken by a route that have not finished")
				.tags("route", routeId)
				.register(registry);
		}

		void record(Outcome outcome, long nanos) {
			this.timers.get(outcome).record(nanos, TimeUnit.NANOSECONDS);
		}

	}

}

package io.monkeyfleet.gateway.traffic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.monkeyfleet.gateway.outlier.Ejection;
import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;

/**
 * Ejections waiting to be published as {@code NODE_EJECTED} events with the next report;
 * kept, up to a bound, while Redis is unreachable.
 */
final class EjectionLog implements Consumer<Ejection> {

	private final String gatewayId;

	private final int maxPending;

	private final MeterRegistry registry;

	private final Counter dropped;

	private final Deque<FleetEvent> pending = new ArrayDeque<>();

	EjectionLog(String gatewayId, int maxPending, MeterRegistry registry) {
		this.gatewayId = gatewayId;
		this.maxPending = maxPending;
		this.registry = registry;
		this.dropped = Counter.builder("monkeyfleet.gateway.ejection.events.dropped")
			.description("Ejection events dropped because Redis stayed unreachable too long")
			.register(registry);
	}

	@Override
	public void accept(Ejection ejection) {
		this.registry.counter("monkeyfleet.gateway.node.ejections", "pool", ejection.pool(), "node", ejection.nodeId())
			.increment();
		Map<String, String> evidence = new LinkedHashMap<>();
		evidence.put("until", ejection.until().toString());
		evidence.put("seconds", String.valueOf(ejection.length().toSeconds()));
		evidence.put("streak", String.valueOf(ejection.streak()));
		evidence.put("gateway", this.gatewayId);
		String reason = "ejected by gateway " + this.gatewayId + ": " + ejection.reason();
		FleetEvent event = new FleetEvent(ejection.at(), EventType.NODE_EJECTED, ejection.nodeId(), ejection.pool(),
				(reason.length() > 1000) ? reason.substring(0, 1000) : reason, evidence, "gateway:" + this.gatewayId);
		synchronized (this.pending) {
			if (this.pending.size() >= this.maxPending) {
				this.pending.removeFirst();
				this.dropped.increment();
			}
			this.pending.addLast(event);
		}
	}

	/** Up to {@code limit} of the oldest pending events, left in place. */
	List<FleetEvent> peek(int limit) {
		synchronized (this.pending) {
			List<FleetEvent> events = new ArrayList<>(Math.min(limit, this.pending.size()));
			for (FleetEvent event : this.pending) {
				if (events.size() == limit) {
					break;
				}
				events.add(event);
			}
			return events;
		}
	}

	/** Drops the {@code count} oldest, once they are published. */
	void published(int count) {
		synchronized (this.pending) {
			for (int i = 0; i < count && !this.pending.isEmpty(); i++) {
				this.pending.removeFirst();
			}
		}
	}

}

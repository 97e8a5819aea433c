package io.monkeyfleet.gateway.snapshot;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.monkeyfleet.gateway.balancing.FleetServiceInstance;
import io.monkeyfleet.gateway.balancing.RoutableNodes;

/**
 * The current routing view, read by every request without a lock or a Redis call, and
 * replaced whole by the snapshot thread.
 */
public final class SnapshotHolder implements RoutableNodes {

	private final AtomicReference<RoutingView> current = new AtomicReference<>();

	private final List<Consumer<RoutingView>> listeners = new CopyOnWriteArrayList<>();

	/** The view requests are served from; empty before the first one. */
	public Optional<RoutingView> current() {
		return Optional.ofNullable(this.current.get());
	}

	@Override
	public List<FleetServiceInstance> routable(String pool) {
		RoutingView view = this.current.get();
		return (view != null) ? view.routable(pool) : List.of();
	}

	/** Calls {@code listener} with every new view, on the thread that set it. */
	public void onChange(Consumer<RoutingView> listener) {
		this.listeners.add(listener);
	}

	void set(RoutingView view) {
		this.current.set(view);
		this.listeners.forEach((listener) -> listener.accept(view));
	}

}

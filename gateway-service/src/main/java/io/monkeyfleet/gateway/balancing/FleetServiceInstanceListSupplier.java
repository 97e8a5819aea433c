package io.monkeyfleet.gateway.balancing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import reactor.core.publisher.Flux;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * A pool's nodes for Spring Cloud LoadBalancer, from the in-memory snapshot: routable
 * nodes this gateway has not ejected, less the ones a retry excludes. If every routable
 * node is ejected, all of them are offered again ("panic mode", as Envoy calls it): the
 * ejections may be this gateway's own mistake, and refusing every request for certain is
 * worse than trying.
 */
public final class FleetServiceInstanceListSupplier implements ServiceInstanceListSupplier {

	/**
	 * Exchange attribute: a {@code Collection<String>} of node ids a request must not be
	 * sent to (the ones it already failed on).
	 */
	public static final String EXCLUDED_NODES_ATTRIBUTE = FleetServiceInstanceListSupplier.class.getName()
			+ ".excludedNodes";

	private final String pool;

	private final RoutableNodes nodes;

	private final Ejections ejections;

	FleetServiceInstanceListSupplier(String pool, RoutableNodes nodes, Ejections ejections) {
		this.pool = pool;
		this.nodes = nodes;
		this.ejections = ejections;
	}

	@Override
	public String getServiceId() {
		return this.pool;
	}

	@Override
	public Flux<List<ServiceInstance>> get() {
		return Flux.just(instances(Set.of()));
	}

	@Override
	public Flux<List<ServiceInstance>> get(Request request) {
		return Flux.just(instances(excluded(request)));
	}

	List<ServiceInstance> instances(Collection<?> excluded) {
		List<FleetServiceInstance> routable = this.nodes.routable(this.pool);
		List<ServiceInstance> healthy = new ArrayList<>(routable.size());
		List<ServiceInstance> allowed = new ArrayList<>(routable.size());
		for (FleetServiceInstance instance : routable) {
			if (excluded.contains(instance.nodeId())) {
				continue;
			}
			allowed.add(instance);
			if (!this.ejections.isEjected(instance.nodeId())) {
				healthy.add(instance);
			}
		}
		return healthy.isEmpty() ? allowed : healthy;
	}

	private static Collection<?> excluded(Request request) {
		if (request != null && request.getContext() instanceof RequestDataContext context
				&& context.getClientRequest() != null && context.getClientRequest().getAttributes() != null
				&& context.getClientRequest()
					.getAttributes()
					.get(EXCLUDED_NODES_ATTRIBUTE) instanceof Collection<?> excluded) {
			return excluded;
		}
		return Set.of();
	}

}

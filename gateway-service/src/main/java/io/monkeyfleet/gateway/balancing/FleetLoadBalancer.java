package io.monkeyfleet.gateway.balancing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

/**
 * Chooses a node of one pool with the pool's strategy, from what its supplier offers. No
 * node: an empty response, which the gateway answers with 503.
 */
final class FleetLoadBalancer implements ReactorServiceInstanceLoadBalancer {

	private final ServiceInstanceListSupplier supplier;

	private final Strategy strategy;

	private final LoadSignals signals;

	private final Clock clock;

	FleetLoadBalancer(ServiceInstanceListSupplier supplier, Strategy strategy, LoadSignals signals, Clock clock) {
		this.supplier = supplier;
		this.strategy = strategy;
		this.signals = signals;
		this.clock = clock;
	}

	@Override
	@SuppressWarnings("rawtypes")
	public Mono<Response<ServiceInstance>> choose(Request request) {
		return this.supplier.get(request).next().map(this::choose).defaultIfEmpty(new EmptyResponse());
	}

	Response<ServiceInstance> choose(List<ServiceInstance> instances) {
		if (instances.isEmpty()) {
			return new EmptyResponse();
		}
		Instant now = this.clock.instant();
		List<Candidate> candidates = new ArrayList<>(instances.size());
		for (ServiceInstance instance : instances) {
			candidates.add(candidate(instance, now));
		}
		return new DefaultResponse(instances.get(this.strategy.choose(candidates)));
	}

	private Candidate candidate(ServiceInstance instance, Instant now) {
		String nodeId = instance.getInstanceId();
		double cpu = Double.NaN;
		Duration age = Duration.ZERO;
		if (instance instanceof FleetServiceInstance fleet && fleet.sampledAt() != null) {
			cpu = fleet.cpuPercent();
			age = Duration.between(fleet.sampledAt(), now);
		}
		return new Candidate(nodeId, cpu, age, this.signals.inFlight(nodeId), this.signals.latencyEwmaMillis(nodeId));
	}

}

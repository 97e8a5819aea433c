package io.monkeyfleet.gateway.balancing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

import static org.assertj.core.api.Assertions.assertThat;

class FleetLoadBalancerTests {

	private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

	private final List<FleetServiceInstance> nodes = List.of(instance("a"), instance("b"), instance("c"));

	private Set<String> ejected = Set.of();

	private final FleetServiceInstanceListSupplier supplier = new FleetServiceInstanceListSupplier("web",
			(pool) -> pool.equals("web") ? this.nodes : List.of(), (node) -> this.ejected.contains(node));

	private static FleetServiceInstance instance(String id) {
		return new FleetServiceInstance(id, "web", "10.0.0.1", 8080, 20, NOW);
	}

	private static List<String> ids(List<ServiceInstance> instances) {
		return instances.stream().map(ServiceInstance::getInstanceId).toList();
	}

	@Test
	void offersTheRoutableNodesThisGatewayHasNotEjected() {
		this.ejected = Set.of("b");

		assertThat(ids(this.supplier.get().blockFirst())).containsExactly("a", "c");
	}

	@Test
	void offersEveryRoutableNodeAgainWhenAllAreEjected() {
		this.ejected = Set.of("a", "b", "c");

		assertThat(ids(this.supplier.get().blockFirst())).containsExactly("a", "b", "c");
	}

	@Test
	void leavesOutTheNodesARetryExcludes() {
		RequestData data = new RequestData(HttpMethod.GET, java.net.URI.create("http://gateway/x"), new HttpHeaders(),
				null, Map.of(FleetServiceInstanceListSupplier.EXCLUDED_NODES_ATTRIBUTE, Set.of("a")));
		DefaultRequest<RequestDataContext> request = new DefaultRequest<>(new RequestDataContext(data));

		assertThat(ids(this.supplier.get(request).blockFirst())).containsExactly("b", "c");
	}

	@Test
	void answersWithNoNodeWhenThePoolHasNone() {
		FleetLoadBalancer balancer = new FleetLoadBalancer(
				new FleetServiceInstanceListSupplier("empty", (pool) -> List.of(), (node) -> false), new RoundRobin(),
				signals(), Clock.fixed(NOW, ZoneOffset.UTC));

		Response<ServiceInstance> response = balancer.choose(new DefaultRequest<>()).block();

		assertThat(response.hasServer()).isFalse();
	}

	@Test
	void choosesWithThePoolsStrategyOverTheOfferedNodes() {
		FleetLoadBalancer balancer = new FleetLoadBalancer(this.supplier, new RoundRobin(), signals(),
				Clock.fixed(NOW, ZoneOffset.UTC));

		List<String> chosen = java.util.stream.IntStream.range(0, 4)
			.mapToObj((i) -> balancer.choose(new DefaultRequest<>()).block().getServer().getInstanceId())
			.toList();

		assertThat(chosen).containsExactly("a", "b", "c", "a");
	}

	private static LoadSignals signals() {
		return new LoadSignals() {

			@Override
			public int inFlight(String nodeId) {
				return 0;
			}

			@Override
			public double latencyEwmaMillis(String nodeId) {
				return Double.NaN;
			}

		};
	}

}

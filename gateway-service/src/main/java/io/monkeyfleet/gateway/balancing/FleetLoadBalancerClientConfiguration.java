package io.monkeyfleet.gateway.balancing;

import java.time.Clock;

import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * The beans of each pool's load-balancer context (Spring Cloud LoadBalancer makes one
 * child context per service id, here per pool). Not a {@code @Configuration}, so
 * component scanning does not put these beans in the main context.
 */
public class FleetLoadBalancerClientConfiguration {

	@Bean
	ServiceInstanceListSupplier fleetServiceInstanceListSupplier(Environment environment, RoutableNodes nodes,
			Ejections ejections) {
		return new FleetServiceInstanceListSupplier(LoadBalancerClientFactory.getName(environment), nodes, ejections);
	}

	@Bean
	ReactorServiceInstanceLoadBalancer fleetLoadBalancer(Environment environment,
			ServiceInstanceListSupplier fleetServiceInstanceListSupplier, Strategies strategies, LoadSignals signals,
			Clock clock) {
		String pool = LoadBalancerClientFactory.getName(environment);
		return new FleetLoadBalancer(fleetServiceInstanceListSupplier, strategies.forPool(pool), signals, clock);
	}

}

package io.monkeyfleet.gateway.balancing;

import java.util.Random;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Plugs the fleet's node choice into Spring Cloud LoadBalancer for every
 * {@code lb://pool} URI.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BalancingProperties.class)
@LoadBalancerClients(defaultConfiguration = FleetLoadBalancerClientConfiguration.class)
class BalancingConfiguration {

	@Bean
	Strategies strategies(BalancingProperties properties) {
		// java.util.Random is safe for concurrent use, and seeded when asked for.
		Random random = (properties.randomSeed() != null) ? new Random(properties.randomSeed()) : new Random();
		return new Strategies(properties, random);
	}

}

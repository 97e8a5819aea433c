package io.monkeyfleet.gateway.e2e;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * Gives a gateway started in the test JVM its own Netty event loops. By default every
 * server in a JVM shares Reactor Netty's global ones, and closing one gateway (as a
 * restart test does) would dispose them under the other gateways still running: in
 * production each replica is its own process and this never arises.
 */
@TestConfiguration(proxyBeanMethods = false)
class SeparateNettyResources {

	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		return factory;
	}

}

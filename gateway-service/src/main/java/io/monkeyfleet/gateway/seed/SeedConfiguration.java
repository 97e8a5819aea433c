package io.monkeyfleet.gateway.seed;

import io.monkeyfleet.store.FleetStore;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads pools and routes from a seed file, when one is configured. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SeedProperties.class)
class SeedConfiguration {

	@Bean
	@ConditionalOnProperty("monkeyfleet.gateway.seed.file")
	SeedLoader seedLoader(SeedProperties properties, FleetStore store) {
		return new SeedLoader(properties, store);
	}

}

package io.monkeyfleet.gateway.guard;

import io.monkeyfleet.store.FleetCodec;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The requests the gateway refuses itself. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RequestLimitsProperties.class)
class GuardConfiguration {

	@Bean
	RequestGuardFilter requestGuardFilter(RequestLimitsProperties limits, FleetCodec codec) {
		return new RequestGuardFilter(limits, codec);
	}

}

package io.monkeyfleet.gateway.traffic;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The direct path is on unless switched off, off by default where every request's span is
 * wanted (tracing export on), and off where Spring Cloud Gateway must write
 * {@code X-Forwarded-*} headers (trusted proxies).
 */
class DirectPathConditionTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withUserConfiguration(OnlyWithTheDirectPath.class);

	@Test
	void onByDefault() {
		this.runner.run((context) -> assertThat(context).hasBean("marker"));
	}

	@Test
	void offWhenSwitchedOff() {
		this.runner.withPropertyValues("monkeyfleet.gateway.traffic.direct-path=false")
			.run((context) -> assertThat(context).doesNotHaveBean("marker"));
	}

	@Test
	void offByDefaultWithTracingExportOnButOnWhenAskedFor() {
		this.runner.withPropertyValues("management.tracing.export.enabled=true")
			.run((context) -> assertThat(context).doesNotHaveBean("marker"));
		this.runner
			.withPropertyValues("management.tracing.export.enabled=true",
					"monkeyfleet.gateway.traffic.direct-path=true")
			.run((context) -> assertThat(context).hasBean("marker"));
	}

	@Test
	void offWithTrustedProxies() {
		this.runner
			.withPropertyValues("spring.cloud.gateway.server.webflux.trusted-proxies=10\\.0\\..*",
					"monkeyfleet.gateway.traffic.direct-path=true")
			.run((context) -> assertThat(context).doesNotHaveBean("marker"));
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(TrafficConfiguration.DirectPathCondition.class)
	static class OnlyWithTheDirectPath {

		@Bean
		String marker() {
			return "direct path on";
		}

	}

}

package io.monkeyfleet.monkey.cloud.aws;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Just the aws cloud provider, wired as monkey-service wires it (auto-configuration and
 * {@link AwsCloudConfiguration}), without the rest of the service: what a test of its
 * configuration starts.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(AwsCloudConfiguration.class)
class AwsOnlyApplication {

	static SpringApplicationBuilder builder(String... properties) {
		return new SpringApplicationBuilder(AwsOnlyApplication.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off")
			.properties(properties);
	}

}

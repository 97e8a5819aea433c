package io.monkeyfleet.monkey.cloud.aws;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The aws cloud provider, when {@code monkeyfleet.monkey.cloud.provider=aws}; its
 * properties are bound (and checked) only then.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "monkeyfleet.monkey.cloud.provider", havingValue = "aws")
@EnableConfigurationProperties(AwsCloudProperties.class)
class AwsCloudConfiguration {

	@Bean(destroyMethod = "close")
	AwsCloudProvider awsCloudProvider(AwsCloudProperties properties, Clock clock) {
		return new AwsCloudProvider(properties, Ec2Clients.create(properties), clock);
	}

}

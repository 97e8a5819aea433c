package io.monkeyfleet.monkey.cloud.aws;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/** Builds the EC2 client the aws cloud provider calls through. */
final class Ec2Clients {

	private Ec2Clients() {
	}

	/**
	 * A client with the default credentials chain (credentials are looked up at the first
	 * call, so a missing one is a failed launch, not a failed start), the configured or
	 * default-chain region, the endpoint override and the call timeouts.
	 * @throws InvalidConfigurationPropertyValueException when no region is configured and
	 * the default region chain finds none
	 */
	static Ec2Client create(AwsCloudProperties properties) {
		Ec2ClientBuilder builder = Ec2Client.builder()
			.credentialsProvider(DefaultCredentialsProvider.builder().build())
			.overrideConfiguration((override) -> override.apiCallTimeout(properties.apiCallTimeout())
				.apiCallAttemptTimeout(properties.apiCallAttemptTimeout()));
		if (properties.region() != null) {
			builder.region(Region.of(properties.region()));
		}
		if (properties.endpoint() != null) {
			builder.endpointOverride(properties.endpoint());
		}
		try {
			return builder.build();
		}
		catch (SdkClientException ex) {
			if (properties.region() == null) {
				// Reported by Boot as one line naming the property, like a binding
				// failure.
				throw new InvalidConfigurationPropertyValueException(AwsCloudProperties.PREFIX + ".region", null,
						"no region is configured and the AWS SDK's default region chain found none: set it, or AWS_REGION");
			}
			throw ex;
		}
	}

}

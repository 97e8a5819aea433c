package io.monkeyfleet.provisioner.drivers.aws;

import java.util.function.Supplier;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/**
 * The EC2 client, made on first use with the default credentials chain and the configured
 * region and endpoint, and closed with the provisioner.
 */
public class Ec2Clients implements Supplier<Ec2Client>, AutoCloseable {

	private final AwsDriverProperties properties;

	private Ec2Client client;

	public Ec2Clients(AwsDriverProperties properties) {
		this.properties = properties;
	}

	@Override
	public synchronized Ec2Client get() {
		if (this.client == null) {
			Ec2ClientBuilder builder = Ec2Client.builder()
				.credentialsProvider(DefaultCredentialsProvider.builder().build());
			if (this.properties.region() != null) {
				builder.region(Region.of(this.properties.region()));
			}
			if (this.properties.endpoint() != null) {
				builder.endpointOverride(this.properties.endpoint());
			}
			this.client = builder.build();
		}
		return this.client;
	}

	@Override
	public synchronized void close() {
		if (this.client != null) {
			this.client.close();
			this.client = null;
		}
	}

}

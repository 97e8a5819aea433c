package io.monkeyfleet.provisioner.drivers.aws;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The aws driver. Credentials always come from the SDK's default provider chain
 * (environment, system properties, profile, container or instance role): none are ever
 * configured here.
 *
 * @param region the EC2 region, such as {@code eu-west-1}; empty uses the SDK's default
 * region chain
 * @param endpoint overrides the EC2 endpoint (a VPC endpoint, or a local fake in tests)
 * @param stateTimeout how long an instance has to reach a state (running, stopped,
 * terminated)
 * @param pollInterval how often its state is read while waiting
 */
@Validated
@ConfigurationProperties("monkeyfleet.provisioner.aws")
public record AwsDriverProperties(@Pattern(regexp = "[a-z]{2}(-[a-z]+)+-[0-9]") String region, URI endpoint,
		@DefaultValue("10m") @NotNull Duration stateTimeout, @DefaultValue("5s") @NotNull Duration pollInterval) {

}

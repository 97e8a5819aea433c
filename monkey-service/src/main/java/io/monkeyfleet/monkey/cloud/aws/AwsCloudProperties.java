package io.monkeyfleet.monkey.cloud.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The aws cloud provider ({@code monkeyfleet.monkey.cloud.aws.*}, read only when
 * {@code monkeyfleet.monkey.cloud.provider=aws}). Credentials always come from the SDK's
 * default provider chain (environment, system properties, profile, container or instance
 * role): none are ever configured here. Anything wrong stops start-up with one line
 * naming the property.
 *
 * @param region the EC2 region, such as {@code eu-west-1}; unset, the SDK's default
 * region chain finds it ({@code AWS_REGION}, the profile, instance metadata)
 * @param endpoint overrides the EC2 endpoint (a VPC endpoint, or a local fake in tests)
 * @param launchTemplateId the launch template new hosts of every pool without its own
 * come from
 * @param launchTemplateVersion its version: a number, {@code $Default} or {@code $Latest}
 * @param pools launch templates of particular pools, by pool name
 * @param apiCallTimeout the longest one EC2 call may take, retries included: a launch
 * blocks the monkeys' tick for at most this long
 * @param apiCallAttemptTimeout the longest one attempt of an EC2 call may take
 * @param runningTimeout how long a new instance has to reach running before its launch
 * counts as failed
 * @param terminatedTimeout how long a terminating instance has to reach terminated before
 * its termination counts as failed
 * @param pollInterval how often an instance's state is read while waiting for it
 * @param maxConcurrentWaits instances waited for at once; more waits queue (a wait is a
 * thread asleep between polls)
 */
@Validated
@ConfigurationProperties("monkeyfleet.monkey.cloud.aws")
public record AwsCloudProperties(
		@Pattern(regexp = "[a-z]{2}(-[a-z]+)+-[0-9]+",
				message = "must be an AWS region such as eu-west-1") String region,
		URI endpoint,
		@Pattern(regexp = TEMPLATE_ID,
				message = "must be a launch template id such as lt-0abcdef1234567890") String launchTemplateId,
		@DefaultValue(DEFAULT_VERSION) @NotNull @Pattern(regexp = VERSION,
				message = VERSION_MESSAGE) String launchTemplateVersion,
		Map<String, @Valid Pool> pools, @DefaultValue("10s") @NotNull Duration apiCallTimeout,
		@DefaultValue("5s") @NotNull Duration apiCallAttemptTimeout,
		@DefaultValue("10m") @NotNull Duration runningTimeout, @DefaultValue("10m") @NotNull Duration terminatedTimeout,
		@DefaultValue("15s") @NotNull Duration pollInterval,
		@DefaultValue("4") @Min(1) @Max(64) int maxConcurrentWaits) {

	static final String PREFIX = "monkeyfleet.monkey.cloud.aws";

	static final String TEMPLATE_ID = "lt-[0-9a-f]{8,17}";

	static final String VERSION = "[1-9][0-9]{0,17}|\\$Default|\\$Latest";

	static final String VERSION_MESSAGE = "must be a version number, $Default or $Latest";

	static final String DEFAULT_VERSION = "$Default";

	public AwsCloudProperties {
		pools = (pools != null) ? Map.copyOf(pools) : Map.of();
		if (endpoint != null && (endpoint.getHost() == null || !("http".equalsIgnoreCase(endpoint.getScheme())
				|| "https".equalsIgnoreCase(endpoint.getScheme())))) {
			throw new IllegalArgumentException(
					PREFIX + ".endpoint must be an http or https URL with a host, was '" + endpoint + "'");
		}
		positive(apiCallTimeout, "api-call-timeout");
		positive(apiCallAttemptTimeout, "api-call-attempt-timeout");
		positive(runningTimeout, "running-timeout");
		positive(terminatedTimeout, "terminated-timeout");
		positive(pollInterval, "poll-interval");
		if (apiCallTimeout != null && apiCallAttemptTimeout != null
				&& apiCallAttemptTimeout.compareTo(apiCallTimeout) > 0) {
			throw new IllegalArgumentException(PREFIX + ".api-call-attempt-timeout (" + apiCallAttemptTimeout
					+ ") must not be longer than " + PREFIX + ".api-call-timeout (" + apiCallTimeout + ")");
		}
		if (launchTemplateId == null && pools.isEmpty()) {
			throw new IllegalArgumentException(PREFIX + ".launch-template-id must be set when "
					+ "monkeyfleet.monkey.cloud.provider=aws (or a launch template per pool in " + PREFIX
					+ ".pools.<pool>.launch-template-id)");
		}
		for (Map.Entry<String, Pool> pool : pools.entrySet()) {
			if (launchTemplateId == null && pool.getValue() != null && pool.getValue().launchTemplateId() == null) {
				throw new IllegalArgumentException(PREFIX + ".pools." + pool.getKey()
						+ ".launch-template-id must be set, as " + PREFIX + ".launch-template-id is not");
			}
		}
	}

	/**
	 * The launch template new hosts of the pool come from: the pool's own, else the
	 * default.
	 * @return empty when neither is configured
	 */
	Optional<LaunchTemplate> launchTemplate(String pool) {
		Pool own = this.pools.get(pool);
		if (own != null && own.launchTemplateId() != null) {
			return Optional.of(new LaunchTemplate(own.launchTemplateId(),
					(own.launchTemplateVersion() != null) ? own.launchTemplateVersion() : DEFAULT_VERSION));
		}
		if (this.launchTemplateId == null) {
			return Optional.empty();
		}
		return Optional
			.of(new LaunchTemplate(this.launchTemplateId, (own != null && own.launchTemplateVersion() != null)
					? own.launchTemplateVersion() : this.launchTemplateVersion));
	}

	/**
	 * A pool's own launch template.
	 *
	 * @param launchTemplateId the pool's template; unset, the default template
	 * @param launchTemplateVersion the version: unset, {@code $Default} of the pool's own
	 * template, or the default version of the default template
	 */
	public record Pool(
			@Pattern(regexp = TEMPLATE_ID,
					message = "must be a launch template id such as lt-0abcdef1234567890") String launchTemplateId,
			@Pattern(regexp = VERSION, message = VERSION_MESSAGE) String launchTemplateVersion) {
	}

	/** A launch template and the version of it to launch. */
	record LaunchTemplate(String id, String version) {
	}

	private static void positive(Duration duration, String property) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			throw new IllegalArgumentException(PREFIX + "." + property + " must be positive, was " + duration);
		}
	}

}

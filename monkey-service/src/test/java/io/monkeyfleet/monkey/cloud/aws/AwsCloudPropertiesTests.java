package io.monkeyfleet.monkey.cloud.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.monkeyfleet.monkey.cloud.aws.AwsCloudProperties.LaunchTemplate;
import io.monkeyfleet.monkey.cloud.aws.AwsCloudProperties.Pool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Every rule of the aws cloud provider's configuration, checked with {@code new}. */
class AwsCloudPropertiesTests {

	private static final String DEFAULT_TEMPLATE = "lt-0abcdef1234567890";

	@Test
	void aPoolLaunchesFromItsOwnTemplateElseTheDefaultOne() {
		AwsCloudProperties properties = properties(DEFAULT_TEMPLATE, "4",
				Map.of("batch", new Pool("lt-0aaaabbbbccccdddd", null), "gpu", new Pool("lt-0eeeeffff00001111", "9"),
						"api", new Pool(null, "$Latest")));

		assertThat(properties.launchTemplate("web")).contains(new LaunchTemplate(DEFAULT_TEMPLATE, "4"));
		// The default version is the default template's: a pool's own template starts
		// at its own default.
		assertThat(properties.launchTemplate("batch")).contains(new LaunchTemplate("lt-0aaaabbbbccccdddd", "$Default"));
		assertThat(properties.launchTemplate("gpu")).contains(new LaunchTemplate("lt-0eeeeffff00001111", "9"));
		assertThat(properties.launchTemplate("api")).contains(new LaunchTemplate(DEFAULT_TEMPLATE, "$Latest"));
	}

	@Test
	void withoutADefaultTemplateOnlyPoolsWithTheirOwnLaunch() {
		AwsCloudProperties properties = properties(null, "$Default",
				Map.of("batch", new Pool("lt-0aaaabbbbccccdddd", "2")));

		assertThat(properties.launchTemplate("batch")).contains(new LaunchTemplate("lt-0aaaabbbbccccdddd", "2"));
		assertThat(properties.launchTemplate("web")).isEmpty();
	}

	@Test
	void someTemplateMustBeConfigured() {
		assertThatIllegalArgumentException().isThrownBy(() -> properties(null, "$Default", Map.of()))
			.withMessage("monkeyfleet.monkey.cloud.aws.launch-template-id must be set when "
					+ "monkeyfleet.monkey.cloud.provider=aws (or a launch template per pool in "
					+ "monkeyfleet.monkey.cloud.aws.pools.<pool>.launch-template-id)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> properties(null, "$Default", Map.of("batch", new Pool(null, "7"))))
			.withMessage("monkeyfleet.monkey.cloud.aws.pools.batch.launch-template-id must be set, as "
					+ "monkeyfleet.monkey.cloud.aws.launch-template-id is not");
	}

	@Test
	void theEndpointMustBeAnHttpOrHttpsUrlWithAHost() {
		for (String endpoint : new String[] { "ftp://ec2.example.com", "ec2.eu-west-1.amazonaws.com", "http:ec2" }) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new AwsCloudProperties("eu-west-1", URI.create(endpoint), DEFAULT_TEMPLATE,
						"$Default", null, Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(10),
						Duration.ofMinutes(10), Duration.ofSeconds(15), 4))
				.withMessage("monkeyfleet.monkey.cloud.aws.endpoint must be an http or https URL with a host, was '"
						+ endpoint + "'");
		}
		assertThat(new AwsCloudProperties(null, URI.create("https://vpce-0a1b.ec2.eu-west-1.vpce.amazonaws.com"),
				DEFAULT_TEMPLATE, "$Default", null, Duration.ofSeconds(10), Duration.ofSeconds(5),
				Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofSeconds(15), 4)
			.pools()).isEmpty();
	}

	@Test
	void timeoutsMustBePositiveAndAnAttemptNoLongerThanTheCall() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> timeouts(Duration.ZERO, Duration.ZERO, Duration.ofSeconds(1)))
			.withMessage("monkeyfleet.monkey.cloud.aws.api-call-timeout must be positive, was PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> timeouts(Duration.ofSeconds(10), Duration.ofSeconds(11), Duration.ofSeconds(1)))
			.withMessage("monkeyfleet.monkey.cloud.aws.api-call-attempt-timeout (PT11S) must not be longer than "
					+ "monkeyfleet.monkey.cloud.aws.api-call-timeout (PT10S)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> timeouts(Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(-1)))
			.withMessage("monkeyfleet.monkey.cloud.aws.poll-interval must be positive, was PT-1S");
	}

	private static AwsCloudProperties properties(String template, String version, Map<String, Pool> pools) {
		return new AwsCloudProperties("eu-west-1", null, template, version, pools, Duration.ofSeconds(10),
				Duration.ofSeconds(5), Duration.ofMinutes(10), Duration.ofMinutes(10), Duration.ofSeconds(15), 4);
	}

	private static AwsCloudProperties timeouts(Duration call, Duration attempt, Duration poll) {
		return new AwsCloudProperties("eu-west-1", null, DEFAULT_TEMPLATE, "$Default", null, call, attempt,
				Duration.ofMinutes(10), Duration.ofMinutes(10), poll, 4);
	}

}

package io.monkeyfleet.monkey.cloud.aws;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.monkeyfleet.monkey.cloud.CloudProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The aws cloud provider is there only when
 * {@code monkeyfleet.monkey.cloud.provider=aws}, and then bad configuration stops
 * start-up with one line that names the property.
 */
@ExtendWith(OutputCaptureExtension.class)
class AwsCloudConfigurationTests {

	private static final String PREFIX = "monkeyfleet.monkey.cloud.aws.";

	private static final List<String> GOOD = List.of("monkeyfleet.monkey.cloud.provider=aws",
			PREFIX + "region=eu-west-1", PREFIX + "launch-template-id=lt-0abcdef1234567890");

	@Test
	void isNotThereUnlessTheProviderIsAwsAndItsPropertiesAreNotReadThen() {
		for (String provider : List.of("monkeyfleet.monkey.cloud.provider=provisioner",
				"spring.main.banner-mode=off")) {
			try (ConfigurableApplicationContext context = AwsOnlyApplication
				.builder(provider, PREFIX + "region=nowhere")
				.run()) {
				assertThat(context.getBeansOfType(CloudProvider.class)).isEmpty();
				assertThat(context.getBeansOfType(AwsCloudProperties.class)).isEmpty();
			}
		}
	}

	@Test
	void isTheCloudProviderWhenTheProviderIsAws() {
		List<String> properties = new ArrayList<>(GOOD);
		properties.add(PREFIX + "pools.batch.launch-template-id=lt-0aaaabbbbccccdddd");
		properties.add(PREFIX + "pools.api.launch-template-version=5");
		try (ConfigurableApplicationContext context = AwsOnlyApplication.builder(properties.toArray(String[]::new))
			.run()) {
			assertThat(context.getBean(CloudProvider.class).name()).isEqualTo("aws");
			AwsCloudProperties aws = context.getBean(AwsCloudProperties.class);
			assertThat(aws.launchTemplate("web"))
				.contains(new AwsCloudProperties.LaunchTemplate("lt-0abcdef1234567890", "$Default"));
			assertThat(aws.launchTemplate("batch"))
				.contains(new AwsCloudProperties.LaunchTemplate("lt-0aaaabbbbccccdddd", "$Default"));
			assertThat(aws.launchTemplate("api"))
				.contains(new AwsCloudProperties.LaunchTemplate("lt-0abcdef1234567890", "5"));
			assertThat(aws.runningTimeout()).isEqualTo(Duration.ofMinutes(10));
			assertThat(aws.pollInterval()).isEqualTo(Duration.ofSeconds(15));
			assertThat(aws.apiCallTimeout()).isEqualTo(Duration.ofSeconds(10));
		}
	}

	/**
	 * One setting for each way a bad value is caught: a rule in the record's constructor,
	 * a Bean Validation constraint, a failed conversion. {@link AwsCloudPropertiesTests}
	 * covers every rule without starting anything. A leading {@code !} removes the
	 * property instead.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					!launch-template-id                      | monkeyfleet.monkey.cloud.aws.launch-template-id must be set when monkeyfleet.monkey.cloud.provider=aws
					launch-template-id=my-template           | must be a launch template id such as lt-0abcdef1234567890
					launch-template-version=latest           | must be a version number, $Default or $Latest
					region=Ireland                           | must be an AWS region such as eu-west-1
					endpoint=ftp://ec2.example.com           | monkeyfleet.monkey.cloud.aws.endpoint must be an http or https URL with a host, was 'ftp://ec2.example.com'
					running-timeout=0s                       | monkeyfleet.monkey.cloud.aws.running-timeout must be positive, was PT0S
					api-call-attempt-timeout=1m              | monkeyfleet.monkey.cloud.aws.api-call-attempt-timeout (PT1M) must not be longer than monkeyfleet.monkey.cloud.aws.api-call-timeout (PT10S)
					max-concurrent-waits=0                   | monkeyfleet.monkey.cloud.aws.max-concurrent-waits
					poll-interval=often                      | monkeyfleet.monkey.cloud.aws.poll-interval
					""")
	void refusesToStart(String badProperty, String expectedReason, CapturedOutput output) {
		List<String> properties = new ArrayList<>(GOOD);
		if (badProperty.startsWith("!")) {
			properties.removeIf((property) -> property.startsWith(PREFIX + badProperty.substring(1) + "="));
		}
		else {
			properties.add(PREFIX + badProperty);
		}
		assertFailsWithOneLine(properties, expectedReason, output);
	}

	@Test
	void aPoolWithOnlyAVersionNeedsTheDefaultTemplate(CapturedOutput output) {
		assertFailsWithOneLine(
				List.of("monkeyfleet.monkey.cloud.provider=aws", PREFIX + "region=eu-west-1",
						PREFIX + "pools.batch.launch-template-version=7"),
				"monkeyfleet.monkey.cloud.aws.pools.batch.launch-template-id must be set, as "
						+ "monkeyfleet.monkey.cloud.aws.launch-template-id is not",
				output);
	}

	@Test
	void noRegionConfiguredAndNoneInTheDefaultChainNamesTheProperty(CapturedOutput output) {
		// Nothing for the SDK's region chain to find, whatever machine runs the test.
		System.setProperty("aws.configFile", "/nonexistent/monkeyfleet/aws-config");
		System.setProperty("aws.disableEc2Metadata", "true");
		try {
			assertFailsWithOneLine(
					List.of("monkeyfleet.monkey.cloud.provider=aws",
							PREFIX + "launch-template-id=lt-0abcdef1234567890"),
					"monkeyfleet.monkey.cloud.aws.region", output);
			assertThat(output.getAll())
				.contains("no region is configured and the AWS SDK's default region chain found none");
		}
		finally {
			System.clearProperty("aws.configFile");
			System.clearProperty("aws.disableEc2Metadata");
		}
	}

	private static void assertFailsWithOneLine(List<String> properties, String expectedReason, CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> AwsOnlyApplication.builder(properties.toArray(String[]::new)).run().close());
		List<String> reported = output.getAll().lines().filter((line) -> line.contains("Cannot start:")).toList();
		assertThat(reported).singleElement().asString().contains(expectedReason);
		assertThat(output.getAll()).doesNotContain("\tat ");
	}

}

package io.monkeyfleet.provisioner.drivers.docker;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.Operation;
import io.monkeyfleet.provisioner.drivers.RecordingStepContext;
import io.monkeyfleet.provisioner.drivers.StepFailedException;
import io.monkeyfleet.provisioner.drivers.UnsupportedOperationForHostException;
import io.monkeyfleet.provisioner.inventory.DockerLaunchSettings;
import io.monkeyfleet.provisioner.inventory.DockerSettings;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.LaunchTemplate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What the docker driver plans for each operation, and the validation of its settings:
 * the parts that need no engine. The client supplier fails if anything asks for it.
 */
class DockerDriverTests {

	private static final DockerDriverProperties PROPERTIES = new DockerDriverProperties(
			URI.create("unix:///var/run/docker.sock"), "monkeyfleet", Duration.ofSeconds(10), Duration.ofMillis(500),
			Duration.ofMinutes(2), null);

	private final DockerDriver driver = new DockerDriver(PROPERTIES, () -> {
		throw new AssertionError("planning must not call the engine");
	}, null, (name) -> {
		throw new AssertionError("no template expected");
	});

	private final HostDefinition configured = host(null);

	private final HostDefinition launched = host("web");

	@Nested
	class Plans {

		@Test
		void rebootStopsAndStartsTheContainersThenWaitsForANewBootMarkerAndHealth() {
			assertThat(DockerDriverTests.this.driver.plan(Operation.REBOOT, DockerDriverTests.this.configured))
				.containsExactly(Action.NOTE_BOOT_MARKER, Action.STOP, Action.START, Action.AWAIT_NEW_BOOT,
						Action.AWAIT_HEALTH);
		}

		@Test
		void restartUsesTheEnginesRestartThenWaitsForHealth() {
			assertThat(DockerDriverTests.this.driver.plan(Operation.RESTART, DockerDriverTests.this.configured))
				.containsExactly(Action.RESTART_SERVICES, Action.AWAIT_HEALTH);
		}

		@Test
		void stopAndStartAreOneStepEachAndAStartWaitsForHealth() {
			assertThat(DockerDriverTests.this.driver.plan(Operation.STOP, DockerDriverTests.this.configured))
				.containsExactly(Action.STOP);
			assertThat(DockerDriverTests.this.driver.plan(Operation.START, DockerDriverTests.this.configured))
				.containsExactly(Action.START, Action.AWAIT_HEALTH);
		}

		@Test
		void launchIsPlannedWithoutAHostYet() {
			assertThat(DockerDriverTests.this.driver.plan(Operation.LAUNCH, null)).containsExactly(Action.LAUNCH,
					Action.AWAIT_HEALTH);
		}

		@Test
		void deployAndTerminateAreForLaunchedHostsOnly() {
			assertThat(DockerDriverTests.this.driver.plan(Operation.DEPLOY, DockerDriverTests.this.launched))
				.containsExactly(Action.DEPLOY, Action.AWAIT_HEALTH);
			assertThat(DockerDriverTests.this.driver.plan(Operation.TERMINATE, DockerDriverTests.this.launched))
				.containsExactly(Action.TERMINATE);
			for (Operation operation : List.of(Operation.DEPLOY, Operation.TERMINATE)) {
				assertThatExceptionOfType(UnsupportedOperationForHostException.class)
					.isThrownBy(() -> DockerDriverTests.this.driver.plan(operation, DockerDriverTests.this.configured))
					.withMessageContaining("host 'node-1' is in the configured inventory")
					.withMessageContaining("docker compose");
			}
		}

		@Test
		void migrationIsNotADockerOperation() {
			assertThatExceptionOfType(UnsupportedOperationForHostException.class).isThrownBy(
					() -> DockerDriverTests.this.driver.plan(Operation.MIGRATE_TO, DockerDriverTests.this.configured))
				.withMessageContaining("cannot migrate");
		}

		@Test
		void launchingWithoutAgentCredentialsFailsWithWhatToConfigure() {
			LaunchTemplate template = new LaunchTemplate("web", DriverKind.DOCKER, 9000, "/health", List.of(), null,
					null, null, launchSettings(Map.of(), Map.of(), Map.of()));
			assertThatExceptionOfType(StepFailedException.class)
				.isThrownBy(() -> DockerDriverTests.this.driver.launch(template, "web-1", new RecordingStepContext()))
				.withMessageContaining("monkeyfleet.provisioner.docker.credentials is not configured");
		}

	}

	@Nested
	class Settings {

		@Test
		void aDockerHostNeedsItsDockerSection() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new HostDefinition("node-1", DriverKind.DOCKER, "node-1:9000", "/health", List.of(),
						null, null, null, null, null))
				.withMessage("host 'node-1' uses the docker driver and needs a 'docker' section");
		}

		@Test
		void aDockerTemplateNeedsItsDockerSectionAndADnsLabelName() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new LaunchTemplate("web", DriverKind.DOCKER, 9000, "/health", List.of(), null, null,
						null, null))
				.withMessage("launch template 'web' needs a 'docker' section");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new LaunchTemplate("Web_1", DriverKind.DOCKER, 9000, "/health", List.of(), null, null,
						null, launchSettings(Map.of(), Map.of(), Map.of())))
				.withMessageContaining("must be a DNS label");
		}

		@Test
		void imagesAndNetworksMustBePlainReferences() {
			for (String bad : List.of("", "Sample-App", "app;rm -rf /", "app:tag with space", "--privileged")) {
				assertThatIllegalArgumentException()
					.isThrownBy(() -> new DockerLaunchSettings(bad, "agent:1", "fleet", null, null, null, null, null,
							null, null, null, null))
					.withMessageContaining("docker app-image '" + bad + "' must match");
			}
			assertThat(new DockerLaunchSettings("registry.example.com:5000/team/sample-app:1.4.2", "mf-test/jre:17",
					"monkeyfleet_default", null, null, null, null, null, null, null, null, null)
				.readOnly()).isTrue();
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new DockerLaunchSettings("app:1", "agent:1", "host net", null, null, null, null, null,
						null, null, null, null))
				.withMessageContaining("docker network 'host net' must match");
		}

		@Test
		void aTemplateCannotSetANodesIdentityOrCredentials() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> launchSettings(Map.of("NODE_ID", "web-1"), Map.of(), Map.of()))
				.withMessageContaining("app-environment must not set NODE_ID: the driver sets it for each node");
			for (String name : List.of("SPRING_DATA_REDIS_PASSWORD", "spring_data_redis_username",
					"MONKEYFLEET_AGENT_NODE_ID", "MONKEYFLEET_AGENT_ADDRESS")) {
				assertThatIllegalArgumentException()
					.isThrownBy(() -> launchSettings(Map.of(), Map.of(name, "x"), Map.of()))
					.withMessageContaining("agent-environment must not set " + name);
			}
			assertThatIllegalArgumentException()
				.isThrownBy(() -> launchSettings(Map.of(), Map.of("spring.data.redis.password", "x"), Map.of()))
				.withMessageContaining("agent-environment name 'spring.data.redis.password' must match");
		}

		@Test
		void aTemplateCannotChooseItsAgentsBootMarker() {
			// The node's containers share the engine's kernel: only process 1's start
			// time changes when the driver reboots a node.
			for (String name : List.of("MONKEYFLEET_AGENT_BOOT_MARKER_SOURCE", "MONKEYFLEET_AGENT_BOOT_MARKER_FILE")) {
				assertThatIllegalArgumentException()
					.isThrownBy(() -> launchSettings(Map.of(), Map.of(name, "file"), Map.of()))
					.withMessageContaining("agent-environment must not set " + name);
			}
		}

		@Test
		void extraLabelsStayOutOfTheDriversNamespace() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> launchSettings(Map.of(), Map.of(), Map.of("io.monkeyfleet.fleet", "other")))
				.withMessageContaining("is in the driver's own namespace io.monkeyfleet.*");
		}

		@Test
		void limitsMustBeOnesTheEngineAccepts() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new DockerLaunchSettings("app:1", "agent:1", "fleet", null, null, null,
						DataSize.ofMegabytes(1), null, null, null, null, null))
				.withMessageContaining("app-memory must be at least 6MB");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new DockerLaunchSettings("app:1", "agent:1", "fleet", null, null, null, null, 0.0,
						null, null, null, null))
				.withMessageContaining("app-cpus must be more than 0");
			assertThatIllegalArgumentException().isThrownBy(() -> new DockerSettings(Duration.ofSeconds(-1)))
				.withMessageContaining("docker stop-timeout must be between 0s and 1d");
		}

		@Test
		void driverPropertiesRefuseAnEngineAddressOrFleetTheyCannotUse() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new DockerDriverProperties(URI.create("http://docker:2375"), "monkeyfleet",
						Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofMinutes(2), null))
				.withMessageContaining("must be unix:///path/to/docker.sock or tcp://host:port");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new DockerDriverProperties(URI.create("tcp://socket-proxy:2375"), "Fleet One",
						Duration.ofSeconds(10), Duration.ofMillis(500), Duration.ofMinutes(2), null))
				.withMessageContaining("fleet 'Fleet One' must match");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new DockerDriverProperties(URI.create("tcp://socket-proxy:2375"), "monkeyfleet",
						Duration.ofMinutes(5), Duration.ofMillis(500), Duration.ofMinutes(2), null))
				.withMessageContaining("request-timeout (PT2M) must be at least the stop-timeout (PT5M) plus 5s");
		}

		@Test
		void theCredentialsNeverShowTheirPassword() {
			DockerDriverProperties.Credentials credentials = new DockerDriverProperties.Credentials("redis", 6379,
					"enroller", "s3cret-password", Duration.ofSeconds(5));
			assertThat(credentials.toString()).isEqualTo("Credentials[enroller@redis:6379]").doesNotContain("s3cret");
		}

	}

	private static HostDefinition host(String launchedFrom) {
		return new HostDefinition("node-1", DriverKind.DOCKER, "node-1:9000", "/health", List.of(), null, null, null,
				launchedFrom, new DockerSettings(null));
	}

	private static DockerLaunchSettings launchSettings(Map<String, String> app, Map<String, String> agent,
			Map<String, String> labels) {
		return new DockerLaunchSettings("monkeyfleet/sample-app:dev", "monkeyfleet/monitor-agent:dev",
				"monkeyfleet_default", app, agent, labels, null, null, null, null, null, null);
	}

}

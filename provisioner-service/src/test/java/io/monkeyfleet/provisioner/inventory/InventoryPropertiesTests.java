package io.monkeyfleet.provisioner.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.store.FleetCodec;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InventoryPropertiesTests {

	private static final LocalSettings LOCAL = new LocalSettings(
			List.of(new ProcessDefinition("app", List.of("true"), Map.of())), Duration.ZERO);

	@Test
	void refusesAHostIdThatAppearsTwice() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new InventoryProperties(List.of(local("app-1"), local("app-1")), List.of()))
			.withMessage("host id 'app-1' appears twice in the inventory");
	}

	@Test
	void refusesIdsThatCouldCarryAnythingIntoAKeyAPathOrACommand() {
		for (String bad : List.of("a b", "a;b", "../etc", "-rf", "a$(x)", "")) {
			assertThatIllegalArgumentException().isThrownBy(() -> local(bad)).withMessageContaining("host id");
		}
	}

	@Test
	void refusesAHealthPathWithDotDot() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HostDefinition("a", DriverKind.LOCAL, "127.0.0.1:80", "/../admin", List.of(), LOCAL,
					null, null, null))
			.withMessageContaining("..");
	}

	@Test
	void anAddressMustBeHostAndPort() {
		assertThatIllegalArgumentException().isThrownBy(() -> new HostDefinition("a", DriverKind.LOCAL, "localhost",
				"/health", List.of(), LOCAL, null, null, null));
	}

	@Test
	void anSshHostConnectsToItsAppAddressUnlessToldOtherwise() {
		SshSettings ssh = new SshSettings(null, 22, "deploy", "debian", List.of("/opt/app"));
		HostDefinition host = new HostDefinition("web-1", DriverKind.SSH, "10.0.0.5:8080", null, null, null, ssh, null,
				null);
		assertThat(host.sshHost()).isEqualTo("10.0.0.5");
		assertThat(host.healthPath()).isEqualTo("/health");
		assertThat(new HostDefinition("web-2", DriverKind.SSH, "10.0.0.6:8080", null, null, null,
				ssh.withHost("bastion.example.com"), null, null)
			.sshHost()).isEqualTo("bastion.example.com");
	}

	@Test
	void anAppPathMustBeAbsoluteAndPlain() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SshSettings(null, 22, "deploy", "debian", List.of("opt/app; rm -rf /")));
	}

	@Test
	void anAwsLaunchNamesExactlyOneTemplate() {
		assertThatIllegalArgumentException().isThrownBy(() -> new AwsLaunchSettings(null, null, "1"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AwsLaunchSettings("lt-0123456789abcdef0", "web", "1"));
		assertThat(new AwsLaunchSettings(null, "web", null).version()).isEqualTo("$Default");
	}

	@Test
	void aHostRunsTheNodeOfItsOwnIdUnlessToldOtherwise() {
		assertThat(local("app-1").nodeId()).isEqualTo("app-1");
		Map<String, String> configuration = Map.of("monkeyfleet.provisioner.inventory.hosts[0].id", "web-7",
				"monkeyfleet.provisioner.inventory.hosts[0].driver", "aws",
				"monkeyfleet.provisioner.inventory.hosts[0].address", "10.0.2.7:8080",
				"monkeyfleet.provisioner.inventory.hosts[0].aws.instance-id", "i-0123456789abcdef0",
				"monkeyfleet.provisioner.inventory.hosts[0].node-id", "web-7a");
		InventoryProperties bound = new Binder(new MapConfigurationPropertySource(configuration))
			.bind("monkeyfleet.provisioner.inventory", InventoryProperties.class)
			.get();
		assertThat(bound.hosts()).singleElement().extracting(HostDefinition::nodeId).isEqualTo("web-7a");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new HostDefinition("a", DriverKind.LOCAL, "127.0.0.1:80", "/health", List.of(), LOCAL,
					null, null, null, null, "node:1"))
			.withMessageContaining("host 'a' node-id");
	}

	@Test
	void aLaunchedHostKeptBeforeNodeIdsRunsTheNodeOfItsOwnId() {
		FleetCodec codec = new FleetCodec();
		String stored = codec.encode(local("sample-1a2b3c4d")).replace(",\"nodeId\":\"sample-1a2b3c4d\"", "");
		assertThat(stored).doesNotContain("nodeId");

		assertThat(codec.decode(stored, HostDefinition.class, "k").nodeId()).isEqualTo("sample-1a2b3c4d");
	}

	private static HostDefinition local(String id) {
		return new HostDefinition(id, DriverKind.LOCAL, "127.0.0.1:9000", "/health", List.of(), LOCAL, null, null,
				null);
	}

}

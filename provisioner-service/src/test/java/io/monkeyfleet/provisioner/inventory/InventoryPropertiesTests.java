package io.monkeyfleet.provisioner.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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

	private static HostDefinition local(String id) {
		return new HostDefinition(id, DriverKind.LOCAL, "127.0.0.1:9000", "/health", List.of(), LOCAL, null, null,
				null);
	}

}

package io.monkeyfleet.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StackSettingsTests {

	@TempDir
	Path repository;

	@Test
	void theUsualStackIsThreeNodesOnTheUsualPortsInDotLocalStack() throws Exception {
		StackSettings settings = StackSettings.parse(new String[0], checkout());
		assertThat(settings.nodes()).containsExactly("node-1", "node-2", "node-3");
		assertThat(settings.ports().gateway()).isEqualTo(8080);
		assertThat(settings.ports().monkey()).isEqualTo(8081);
		assertThat(settings.ports().provisioner()).isEqualTo(8082);
		assertThat(settings.ports().redis()).isEqualTo(6379);
		assertThat(settings.ports().nodes()).containsExactly(9001, 9002, 9003, 9004);
		assertThat(settings.workDirectory()).isEqualTo(checkout().resolve(".local-stack"));
	}

	@Test
	void optionsPortsAndPassedOnPropertiesAreRead() throws Exception {
		StackSettings settings = StackSettings.parse(new String[] { "--nodes=2", "--gateway-port=18080",
				"--node-port=19001", "--monkey.monkeyfleet.monkey.tick=500ms",
				"--gateway.monkeyfleet.gateway.balancing.default-strategy=round-robin" }, checkout());
		assertThat(settings.nodes()).containsExactly("node-1", "node-2");
		assertThat(settings.ports().gateway()).isEqualTo(18080);
		assertThat(settings.ports().nodes()).containsExactly(19001, 19002, 19003);
		assertThat(settings.monkeyArguments()).containsExactly("--monkeyfleet.monkey.tick=500ms");
		assertThat(settings.gatewayArguments())
			.containsExactly("--monkeyfleet.gateway.balancing.default-strategy=round-robin");
	}

	@Test
	void freePortsAreAllDifferent() throws Exception {
		Ports ports = StackSettings.parse(new String[] { "--free-ports", "--nodes=5" }, checkout()).ports();
		assertThat(ports.named()).extracting(Ports.Named::port).doesNotHaveDuplicates().hasSize(11);
	}

	@Test
	void badOptionsSayWhichAndWhy() throws Exception {
		Path checkout = checkout();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StackSettings.parse(new String[] { "--nodes=many" }, checkout))
			.withMessage("--nodes must be a whole number, was 'many'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StackSettings.parse(new String[] { "--nodes=0" }, checkout))
			.withMessage("--nodes must be from 1 to 20, was 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StackSettings.parse(new String[] { "--colour=red" }, checkout))
			.withMessage("unknown argument '--colour=red'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StackSettings.parse(new String[] { "--gateway-port=8081" }, checkout))
			.withMessageContaining("two parts of the stack would share a port");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StackSettings.parse(new String[] { "--work-dir=" + checkout }, checkout))
			.withMessageContaining("must be a folder of its own");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> StackSettings.parse(new String[0], this.repository.resolve("elsewhere")))
			.withMessageContaining("is not the Monkey Fleet checkout");
	}

	private Path checkout() throws Exception {
		Files.createDirectories(this.repository.resolve("sample-app"));
		return this.repository;
	}

}

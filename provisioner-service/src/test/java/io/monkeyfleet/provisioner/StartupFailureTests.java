package io.monkeyfleet.provisioner;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad configuration stops the provisioner at start with one line that says what to fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

	@Test
	void refusesToRunWithoutAnyCredentials(CapturedOutput output) {
		String line = failToStart(output, false);
		assertThat(line).contains("monkeyfleet.provisioner.security").contains("never runs open");
	}

	@Test
	void refusesAPlainTextPassword(CapturedOutput output) {
		String line = failToStart(output, false, "monkeyfleet.provisioner.security.users[0].name=alice",
				"monkeyfleet.provisioner.security.users[0].password={noop}secret",
				"monkeyfleet.provisioner.security.users[0].role=operator");
		assertThat(line).contains("never plain text");
	}

	@Test
	void refusesAnSshHostWithoutItsSshSection(CapturedOutput output) {
		String line = failToStart(output, true, "monkeyfleet.provisioner.inventory.hosts[0].id=web-1",
				"monkeyfleet.provisioner.inventory.hosts[0].driver=ssh",
				"monkeyfleet.provisioner.inventory.hosts[0].address=10.0.0.5:8080");
		assertThat(line).contains("host 'web-1' uses the ssh driver and needs a 'ssh' section");
	}

	@Test
	void refusesAHostThatNamesAnUnknownCommandSet(CapturedOutput output) {
		String line = failToStart(output, true, "monkeyfleet.provisioner.inventory.hosts[0].id=web-1",
				"monkeyfleet.provisioner.inventory.hosts[0].driver=ssh",
				"monkeyfleet.provisioner.inventory.hosts[0].address=10.0.0.5:8080",
				"monkeyfleet.provisioner.inventory.hosts[0].ssh.user=deploy",
				"monkeyfleet.provisioner.inventory.hosts[0].ssh.command-set=nope");
		assertThat(line).contains("command-set 'nope', which is not configured")
			.contains("Fix: Add monkeyfleet.provisioner.ssh.command-sets.nope");
	}

	@Test
	void refusesAPackageNameThatCouldCarryAShellCommand(CapturedOutput output) {
		String line = failToStart(output, true, "monkeyfleet.provisioner.inventory.hosts[0].id=app-1",
				"monkeyfleet.provisioner.inventory.hosts[0].driver=local",
				"monkeyfleet.provisioner.inventory.hosts[0].address=127.0.0.1:9000",
				"monkeyfleet.provisioner.inventory.hosts[0].local.processes[0].name=app",
				"monkeyfleet.provisioner.inventory.hosts[0].local.processes[0].command[0]=true",
				"monkeyfleet.provisioner.inventory.hosts[0].packages[0]=nginx;reboot");
		assertThat(line).contains("nginx;reboot");
	}

	@Test
	void refusesABootTimeoutThatIsNotPositive(CapturedOutput output) {
		String line = failToStart(output, true, "monkeyfleet.provisioner.boot.timeout=0s");
		assertThat(line).contains("monkeyfleet.provisioner.boot.timeout must be positive");
	}

	@Test
	void refusesANodeIdThatIsNotAFleetName(CapturedOutput output) {
		String line = failToStart(output, true, "monkeyfleet.provisioner.inventory.hosts[0].id=app-1",
				"monkeyfleet.provisioner.inventory.hosts[0].driver=local",
				"monkeyfleet.provisioner.inventory.hosts[0].address=127.0.0.1:9000",
				"monkeyfleet.provisioner.inventory.hosts[0].local.processes[0].name=app",
				"monkeyfleet.provisioner.inventory.hosts[0].local.processes[0].command[0]=true",
				"monkeyfleet.provisioner.inventory.hosts[0].node-id=node:1");
		assertThat(line).contains("node-id").contains("node:1");
	}

	@Test
	void refusesADockerHostWithoutItsDockerSection(CapturedOutput output) {
		String line = failToStart(output, true, "monkeyfleet.provisioner.inventory.hosts[0].id=node-1",
				"monkeyfleet.provisioner.inventory.hosts[0].driver=docker",
				"monkeyfleet.provisioner.inventory.hosts[0].address=node-1:9000");
		assertThat(line).contains("host 'node-1' uses the docker driver and needs a 'docker' section");
	}

	@Test
	void refusesADockerTemplateThatSetsTheAgentsPassword(CapturedOutput output) {
		String line = failToStart(output, true, "monkeyfleet.provisioner.inventory.launch-templates[0].name=web",
				"monkeyfleet.provisioner.inventory.launch-templates[0].driver=docker",
				"monkeyfleet.provisioner.inventory.launch-templates[0].docker.app-image=monkeyfleet/sample-app:dev",
				"monkeyfleet.provisioner.inventory.launch-templates[0].docker.agent-image=monkeyfleet/monitor-agent:dev",
				"monkeyfleet.provisioner.inventory.launch-templates[0].docker.network=monkeyfleet",
				"monkeyfleet.provisioner.inventory.launch-templates[0].docker.agent-environment.SPRING_DATA_REDIS_PASSWORD=x");
		assertThat(line).contains("agent-environment must not set SPRING_DATA_REDIS_PASSWORD");
	}

	@Test
	void refusesADockerTemplateWithoutAgentCredentials(CapturedOutput output) {
		String line = failToStart(output, true, "monkeyfleet.provisioner.inventory.launch-templates[0].name=web",
				"monkeyfleet.provisioner.inventory.launch-templates[0].driver=docker",
				"monkeyfleet.provisioner.inventory.launch-templates[0].docker.app-image=monkeyfleet/sample-app:dev",
				"monkeyfleet.provisioner.inventory.launch-templates[0].docker.agent-image=monkeyfleet/monitor-agent:dev",
				"monkeyfleet.provisioner.inventory.launch-templates[0].docker.network=monkeyfleet");
		assertThat(line).contains("monkeyfleet.provisioner.docker.credentials is not")
			.contains("Fix: Set monkeyfleet.provisioner.docker.credentials.host");
	}

	@Test
	void refusesADockerFleetLabelWithSpaces(CapturedOutput output) {
		String line = failToStart(output, true, "monkeyfleet.provisioner.docker.fleet=my fleet");
		assertThat(line).contains("monkeyfleet.provisioner.docker.fleet 'my fleet' must match");
	}

	private static String failToStart(CapturedOutput output, boolean withTestCredentials, String... properties) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(ProvisionerApplication.class)
			.properties("server.port=0", "spring.main.banner-mode=off", "spring.data.redis.port=1")
			.properties(properties);
		if (withTestCredentials) {
			builder.profiles("test");
		}
		assertThatException().isThrownBy(builder::run);
		List<String> reported = output.getAll().lines().filter((line) -> line.contains("Cannot start:")).toList();
		assertThat(output.getAll()).doesNotContain("APPLICATION FAILED TO START").doesNotContain("\tat ");
		return assertThat(reported).singleElement().actual();
	}

}

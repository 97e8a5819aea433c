package io.monkeyfleet.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.monkeyfleet.testsupport.process.ServiceJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every unit passes {@code systemd-analyze verify} with no complaint at all (it only
 * warns about unknown keys and bad values, so any output fails the test), carries the
 * hardening the issue asks for, and the install script puts a service on a host.
 */
class SystemdUnitsIT {

	@ParameterizedTest
	@ValueSource(strings = { "gateway", "monkey", "provisioner", "agent" })
	void systemdAcceptsTheUnitWithoutAWarning(String service) {
		Path analyze = Tools.require("systemd-analyze");
		Tools.Result result = Tools
			.run(Tools.command(analyze, "verify", "--man=no", "systemd/monkeyfleet-" + service + ".service"),
					DeployFiles.deploy(), Map.of(), Duration.ofMinutes(1))
			.assertSucceeded();
		assertThat(result.output()).as("systemd-analyze verify output").isBlank();
	}

	@ParameterizedTest
	@ValueSource(strings = { "gateway", "monkey", "provisioner", "agent" })
	void theUnitIsHardenedAndRestarts(String service) {
		String unit = DeployFiles.read("systemd/monkeyfleet-" + service + ".service");
		assertThat(unit).contains("DynamicUser=yes", "ProtectSystem=strict", "NoNewPrivileges=yes",
				"CapabilityBoundingSet=\n", "Restart=on-failure", "After=network-online.target",
				"Wants=network-online.target", "EnvironmentFile=/etc/monkeyfleet/" + service + ".env",
				"LoadCredential=spring.data.redis.password:", "SPRING_CONFIG_IMPORT=optional:configtree:%d/",
				"ExecStart=/usr/bin/java $JAVA_OPTS -jar", "MemoryMax=", "SuccessExitStatus=143");
		assertThat(unit).doesNotContain("MemoryDenyWriteExecute=yes");
	}

	@ParameterizedTest
	@CsvSource({ "gateway,gateway-service", "monkey,monkey-service", "provisioner,provisioner-service",
			"agent,monitor-agent" })
	void theInstallScriptPutsTheServiceOnAHost(String service, String module, @TempDir Path root) throws IOException {
		Path jar = ServiceJars.of(module);
		Tools.run(DeployFiles.deploy(), "sh", "systemd/install.sh", service, jar.toString(), "--root", root.toString())
			.assertSucceeded();
		assertThat(root.resolve("opt/monkeyfleet/" + module + "/" + module + ".jar")).hasSameBinaryContentAs(jar);
		Path unit = root.resolve("etc/systemd/system/monkeyfleet-" + service + ".service");
		assertThat(unit).hasSameTextualContentAs(DeployFiles.file("systemd/monkeyfleet-" + service + ".service"));
		assertThat(root.resolve("etc/monkeyfleet/" + service + ".env")).exists();
		assertThat(Files.getPosixFilePermissions(root.resolve("etc/monkeyfleet/secrets/" + service)))
			.extracting(Object::toString)
			.containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE", "OWNER_EXECUTE");
		Path analyze = Tools.require("systemd-analyze");
		Tools.run(Tools.command(analyze, "verify", "--man=no", unit.toString()), root, Map.of(), Duration.ofMinutes(1))
			.assertSucceeded();
		Files.writeString(root.resolve("etc/monkeyfleet/" + service + ".env"), "# edited\n");
		Tools.Result again = Tools
			.run(DeployFiles.deploy(), "sh", "systemd/install.sh", service, jar.toString(), "--root", root.toString())
			.assertSucceeded();
		assertThat(again.output()).contains("kept");
		assertThat(root.resolve("etc/monkeyfleet/" + service + ".env")).hasContent("# edited");
	}

	@Test
	void theProvisionerInstalledWithSshGetsItsKeyAndKnownHostsAsCredentials(@TempDir Path root) {
		Path jar = ServiceJars.of("provisioner-service");
		Tools.Result result = Tools
			.run(DeployFiles.deploy(), "sh", "systemd/install.sh", "provisioner", jar.toString(), "--root",
					root.toString(), "--ssh")
			.assertSucceeded();
		assertThat(result.output()).contains("installed monkeyfleet-provisioner.service");
		Path dropIn = root.resolve("etc/systemd/system/monkeyfleet-provisioner.service.d/ssh.conf");
		assertThat(dropIn).hasSameTextualContentAs(DeployFiles.file("systemd/provisioner-ssh.conf"));
		assertThat(DeployFiles.read("systemd/provisioner-ssh.conf")).contains(
				"LoadCredential=ssh-key:/etc/monkeyfleet/secrets/provisioner/ssh-key",
				"LoadCredential=known_hosts:/etc/monkeyfleet/secrets/provisioner/known_hosts",
				"MONKEYFLEET_PROVISIONER_SSH_IDENTITY_FILE=%d/ssh-key",
				"MONKEYFLEET_PROVISIONER_SSH_KNOWN_HOSTS=%d/known_hosts");
		Path analyze = Tools.require("systemd-analyze");
		Tools.Result verify = Tools.run(
				Tools.command(analyze, "verify", "--man=no",
						root.resolve("etc/systemd/system/monkeyfleet-provisioner.service").toString()),
				root, Map.of(), Duration.ofMinutes(1))
			.assertSucceeded();
		assertThat(verify.output()).as("systemd-analyze verify output").isBlank();

		Tools.Result agent = Tools.run(DeployFiles.deploy(), "sh", "systemd/install.sh", "agent",
				ServiceJars.of("monitor-agent").toString(), "--root", root.toString(), "--ssh");
		assertThat(agent.exitCode()).isEqualTo(2);
		assertThat(agent.output()).contains("--ssh is for the provisioner only");
	}

	@Test
	void theExampleAppUnitPassesVerify() {
		Tools.Result result = Tools
			.run(Tools.command(Tools.require("systemd-analyze"), "verify", "--man=no",
					"systemd/examples/sample-app.service"), DeployFiles.deploy(), Map.of(), Duration.ofMinutes(1))
			.assertSucceeded();
		assertThat(result.output()).as("systemd-analyze verify output").isBlank();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "--key|/etc/hostname|--service|app|not an OpenSSH public key",
			"--key|/etc/hostname|--service|app;reboot|not a unit name", "--service|app|--name|x|usage" })
	void prepareNodeRefusesBadArgumentsBeforeChangingAnything(String a, String b, String c, String d, String message) {
		Tools.Result result = Tools.run(DeployFiles.deploy(), "sh", "systemd/ssh-host/prepare-node.sh", a, b, c, d);
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.output()).contains(message);
	}

	@ParameterizedTest
	@ValueSource(strings = { "-oAPT::Update::Pre-Invoke::=touch/tmp/x", "jq nano", "../jq", "" })
	void theAptWrapperTakesAPackageNameAndNothingElse(String argument) {
		Tools.Result result = Tools.run(DeployFiles.deploy(), "sh", "systemd/ssh-host/monkeyfleet-apt-install",
				argument);
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.output()).contains("not a Debian package name");
	}

	@ParameterizedTest
	@ValueSource(strings = { "nonsense", "redis" })
	void theInstallScriptRefusesAnUnknownService(String service) {
		Tools.Result result = Tools.run(DeployFiles.deploy(), "sh", "systemd/install.sh", service, "x.jar");
		assertThat(result.exitCode()).isEqualTo(2);
		assertThat(result.output()).contains("unknown service '" + service + "'");
	}

}

package io.monkeyfleet.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.testsupport.docker.DockerEngine;
import org.junit.jupiter.api.Assumptions;

import static org.awaitility.Awaitility.await;

/**
 * Hosts that boot like small VMs: containers on a network of their own whose PID 1 is
 * systemd, with sshd, from the image {@code build-base-images.sh} makes from Debian
 * packages ({@code SYSTEMD_HOST_IMAGE}). A {@code systemctl reboot} inside ends PID 1;
 * the restart policy boots the host again with a fresh {@code /run} and a new PID 1, as a
 * machine comes back from a reboot. Root on them may look into a service's namespaces
 * ({@code nsenter}, which needs {@code SYS_PTRACE}), as root on a VM may. The repository
 * is mounted read-only at {@value #REPOSITORY}, as the jars and {@code deploy/} a user
 * copies to a host.
 */
final class PlainVms implements AutoCloseable {

	/** The network's name and the label every host carries. */
	static final String FLEET = "monkeyfleet-vms-it";

	/** Where each host sees this repository (read-only). */
	static final String REPOSITORY = "/srv/monkeyfleet";

	private static final String LABEL = "io.monkeyfleet.vms=" + FLEET;

	private final String image;

	private PlainVms(String image) {
		this.image = image;
	}

	/**
	 * The fleet's network, after removing whatever an interrupted earlier run left.
	 * Without the image (a developer's machine that did not build it) the test is
	 * skipped; in CI it fails.
	 */
	static PlainVms create() {
		DockerEngine.require();
		String image = System.getenv("SYSTEMD_HOST_IMAGE");
		if (image == null || image.isBlank()) {
			String message = "SYSTEMD_HOST_IMAGE is not set: run deploy/images/build-base-images.sh and "
					+ ". deploy/images/local-images.env";
			if ("true".equals(System.getenv("CI"))) {
				throw new IllegalStateException(message);
			}
			Assumptions.abort(message);
		}
		PlainVms vms = new PlainVms(image.trim());
		vms.close();
		docker(Duration.ofMinutes(1), "network", "create", "--label", LABEL, FLEET);
		return vms;
	}

	/** Starts a host and waits until systemd says it is up (every unit started). */
	void boot(String host) {
		docker(Duration.ofMinutes(2), "run", "-d", "--name", FLEET + "-" + host, "--hostname", host, "--network", FLEET,
				"--network-alias", host, "--label", LABEL, "--restart", "always", "--stop-signal", "SIGRTMIN+3",
				"--cap-add", "SYS_ADMIN", "--cap-add", "SYS_PTRACE", "--security-opt", "seccomp=unconfined", "--tmpfs",
				"/run", "--tmpfs", "/run/lock", "-v", "/sys/fs/cgroup:/sys/fs/cgroup:ro", "-v",
				DeployFiles.repository() + ":" + REPOSITORY + ":ro", this.image);
		awaitRunning(host);
	}

	/** Waits until the host's systemd reports {@code running}. */
	void awaitRunning(String host) {
		await(host + " booted").atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> exec(host, Duration.ofSeconds(30), null, "systemctl", "is-system-running").output().trim(),
					(state) -> {
						if (state.equals("degraded")) {
							throw new AssertionError(host + " booted degraded: "
									+ exec(host, Duration.ofSeconds(30), null, "systemctl", "--failed").output());
						}
						return state.equals("running");
					});
	}

	/** Runs a bash script on a host as root; fails with its output unless it exits 0. */
	String sh(String host, String script) {
		return exec(host, Duration.ofMinutes(5), null, "bash", "-euo", "pipefail", "-c", script).assertSucceeded()
			.output();
	}

	/** Runs a bash script on a host as root and returns how it ended. */
	Tools.Result trySh(String host, String script) {
		return exec(host, Duration.ofMinutes(5), null, "bash", "-euo", "pipefail", "-c", script);
	}

	/** Writes a file on a host (root's, mode 0600 unless changed afterwards). */
	void write(String host, String path, String content) {
		exec(host, Duration.ofMinutes(1), content, "sh", "-c", "umask 077 && cat > \"$0\"", path).assertSucceeded();
	}

	/** The host's address on the fleet's network, which this machine routes to. */
	String address(String host) {
		return docker(Duration.ofMinutes(1), "inspect", "--format",
				"{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", FLEET + "-" + host)
			.trim();
	}

	/** How many times the engine started the host again (one per reboot). */
	int boots(String host) {
		return Integer.parseInt(
				docker(Duration.ofMinutes(1), "inspect", "--format", "{{.RestartCount}}", FLEET + "-" + host).trim())
				+ 1;
	}

	/** The start time of the host's PID 1, in clock ticks: new at every boot. */
	String initStart(String host) {
		return sh(host, "cut -d ' ' -f 22 /proc/1/stat").trim();
	}

	/** Every host and the network removed. */
	@Override
	public void close() {
		String ids = docker(Duration.ofMinutes(1), "ps", "-a", "-q", "--filter", "label=" + LABEL);
		List<String> remove = new ArrayList<>(List.of("rm", "-f", "-v"));
		ids.lines().filter((id) -> !id.isBlank()).forEach(remove::add);
		if (remove.size() > 3) {
			docker(Duration.ofMinutes(2), remove.toArray(String[]::new));
		}
		if (!docker(Duration.ofMinutes(1), "network", "ls", "-q", "--filter", "name=^" + FLEET + "$").isBlank()) {
			docker(Duration.ofMinutes(1), "network", "rm", FLEET);
		}
	}

	/** Whatever the fleet left on the engine: containers and the network. */
	static List<String> leftovers() {
		List<String> left = new ArrayList<>();
		docker(Duration.ofMinutes(1), "ps", "-a", "-q", "--filter", "label=" + LABEL).lines()
			.filter((id) -> !id.isBlank())
			.forEach((id) -> left.add("container " + id));
		docker(Duration.ofMinutes(1), "network", "ls", "-q", "--filter", "name=^" + FLEET + "$").lines()
			.filter((id) -> !id.isBlank())
			.forEach((id) -> left.add("network " + id));
		return left;
	}

	/** The journal of a host, for reading after a failure. */
	String journal(String host) {
		return exec(host, Duration.ofMinutes(1), null, "journalctl", "--no-pager", "-o", "short-precise").output();
	}

	private Tools.Result exec(String host, Duration atMost, String input, String... command) {
		List<String> arguments = new ArrayList<>(List.of(Tools.require("docker").toString(), "exec"));
		if (input != null) {
			arguments.add("-i");
		}
		arguments.add(FLEET + "-" + host);
		arguments.addAll(List.of(command));
		return run(arguments, input, atMost);
	}

	private static String docker(Duration atMost, String... arguments) {
		List<String> command = new ArrayList<>(List.of(Tools.require("docker").toString()));
		command.addAll(List.of(arguments));
		return run(command, null, atMost).assertSucceeded().output();
	}

	private static Tools.Result run(List<String> command, String input, Duration atMost) {
		return Tools.run(command, DeployFiles.deploy(), Map.of(), atMost, input);
	}

}

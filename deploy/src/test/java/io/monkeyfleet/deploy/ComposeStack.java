package io.monkeyfleet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.testsupport.process.FreePorts;

/**
 * The shipped compose file run as a project of its own ({@value #PROJECT}): its own
 * published ports, network and fleet label, so it meets nothing else on the engine, and
 * the base images of the environment ({@code JRE_IMAGE}, {@code REDIS_IMAGE}... which
 * {@code .ci/run} points at the ones built from Debian packages). Talks to the stack as
 * an operator would: the monkeys' admin API with the admin's password, the provisioner's
 * API with its token, the engine through the {@code docker} command.
 */
final class ComposeStack {

	static final String PROJECT = "monkeyfleet-it";

	/** The fleet label's value and the network's name. */
	static final String FLEET = "monkeyfleet-it";

	private final Path compose;

	private final Path override;

	private final Map<String, String> environment = new HashMap<>();

	private final int gatewayPort = FreePorts.loopback();

	private final int monkeyPort = FreePorts.loopback();

	private final int provisionerPort = FreePorts.loopback();

	private final int prometheusPort = FreePorts.loopback();

	private final int mailPort = FreePorts.loopback();

	private ComposeStack(Path override) {
		this.compose = DeployFiles.file("compose/docker-compose.yml");
		this.override = override;
		this.environment.put("MONKEYFLEET_FLEET", FLEET);
		this.environment.put("MONKEYFLEET_NETWORK", FLEET);
		// Armed, as an operator arms a fresh install.
		this.environment.put("MONKEYFLEET_MONKEY_DRY_RUN", "false");
		this.environment.put("GATEWAY_PORT", Integer.toString(this.gatewayPort));
		this.environment.put("MONKEY_PORT", Integer.toString(this.monkeyPort));
		this.environment.put("PROVISIONER_PORT", Integer.toString(this.provisionerPort));
		this.environment.put("PROMETHEUS_PORT", Integer.toString(this.prometheusPort));
		this.environment.put("MAIL_PORT", Integer.toString(this.mailPort));
	}

	/**
	 * The secrets as a user makes them (make-secrets.sh; existing ones are kept), and the
	 * stack's settings.
	 * @param override a compose file laid over the shipped one
	 */
	static ComposeStack prepare(Path override) {
		Tools.run(DeployFiles.deploy(), "sh", "compose/make-secrets.sh").assertSucceeded();
		return new ComposeStack(override);
	}

	/** Runs {@code docker-compose} on the project with the stack's environment. */
	Tools.Result compose(Duration atMost, String... arguments) {
		List<String> command = new ArrayList<>(List.of(Tools.require("docker-compose").toString(), "-p", PROJECT, "-f",
				this.compose.toString(), "-f", this.override.toString()));
		command.addAll(List.of(arguments));
		return Tools.run(command, DeployFiles.deploy(), this.environment, atMost);
	}

	/** Runs {@code docker}; the output is trimmed. */
	static String docker(String... arguments) {
		List<String> command = new ArrayList<>(List.of(Tools.require("docker").toString()));
		command.addAll(List.of(arguments));
		return Tools.run(command, DeployFiles.deploy(), Map.of(), Duration.ofMinutes(2))
			.assertSucceeded()
			.output()
			.trim();
	}

	/**
	 * Ids of the containers with every label given ({@code key=value}), stopped ones too.
	 */
	static List<String> containers(String... labels) {
		List<String> arguments = new ArrayList<>(List.of("ps", "-a", "-q"));
		for (String label : labels) {
			arguments.add("--filter");
			arguments.add("label=" + label);
		}
		return lines(docker(arguments.toArray(String[]::new)));
	}

	/** The container of one compose service. */
	String container(String service) {
		List<String> ids = containers("com.docker.compose.project=" + PROJECT, "com.docker.compose.service=" + service);
		if (ids.size() != 1) {
			throw new AssertionError("expected one container of service " + service + ", found " + ids);
		}
		return ids.get(0);
	}

	/** What {@code docker inspect --format} says of a container. */
	static String inspect(String container, String format) {
		return docker("inspect", "--format", format, container);
	}

	/** A container's address on the stack's network, which this machine routes to. */
	static String address(String container) {
		return inspect(container, "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}");
	}

	/**
	 * Every container, network and volume of the project, and every container with the
	 * fleet's label (the docker driver's launched nodes are not the project's).
	 */
	static List<String> leftovers() {
		List<String> left = new ArrayList<>();
		containers("com.docker.compose.project=" + PROJECT).forEach((id) -> left.add("container " + id));
		containers("io.monkeyfleet.fleet=" + FLEET).stream()
			.map((id) -> "container " + id)
			.filter((id) -> !left.contains(id))
			.forEach(left::add);
		lines(docker("network", "ls", "-q", "--filter", "name=^" + FLEET + "$"))
			.forEach((id) -> left.add("network " + id));
		lines(docker("network", "ls", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT))
			.forEach((id) -> left.add("network " + id));
		lines(docker("volume", "ls", "-q", "--filter", "label=com.docker.compose.project=" + PROJECT))
			.forEach((id) -> left.add("volume " + id));
		return left;
	}

	/**
	 * Takes the stack down as a user would ({@code down -v}), after removing the nodes
	 * the docker driver launched that are still there (they hold the network).
	 */
	void down() {
		for (String id : containers("io.monkeyfleet.fleet=" + FLEET)) {
			if (inspect(id, "{{index .Config.Labels \"com.docker.compose.project\"}}").isEmpty()) {
				docker("rm", "-f", "-v", id);
			}
		}
		compose(Duration.ofMinutes(3), "down", "-v", "--remove-orphans").assertSucceeded();
	}

	URI gateway() {
		return URI.create("http://127.0.0.1:" + this.gatewayPort + "/");
	}

	URI prometheus() {
		return URI.create("http://127.0.0.1:" + this.prometheusPort + "/");
	}

	URI mail() {
		return URI.create("http://127.0.0.1:" + this.mailPort + "/");
	}

	/**
	 * The monkeys' admin API as the admin (an operator) with the password make-secrets.sh
	 * made, and the provisioner's API with the token monkey-service uses.
	 */
	FleetApi api() {
		return new FleetApi(URI.create("http://127.0.0.1:" + this.monkeyPort + "/"), secret("monkey-admin-password"),
				URI.create("http://127.0.0.1:" + this.provisionerPort + "/"), secret("provisioner-token"));
	}

	private static String secret(String name) {
		try {
			return Files.readString(DeployFiles.file("compose/secrets/" + name), StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> lines(String output) {
		return output.lines().map(String::trim).filter((line) -> !line.isEmpty()).toList();
	}

}

package io.monkeyfleet.provisioner.inventory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.util.unit.DataSize;

/**
 * What the docker driver launches a node from: an app container named after the host (so
 * it is reachable by that name on the network) and its monitor agent beside it, in the
 * app's pid namespace.
 *
 * @param appImage the app's image reference, such as {@code monkeyfleet/sample-app:1.4};
 * it must be on the engine already (the driver never pulls)
 * @param agentImage the monitor agent's image reference
 * @param network the user-defined network both containers join (the one Redis and the
 * gateways are on)
 * @param appEnvironment the app's environment; the driver adds {@code NODE_ID}
 * @param agentEnvironment the static part of the agent's environment (Redis host and
 * port, pool, memory limit...); the driver adds the node's identity, its Redis user and
 * password, {@code MONKEYFLEET_AGENT_BOOT_MARKER_SOURCE=init-start}, and (unless set
 * here) {@code MONKEYFLEET_AGENT_CPU_SOURCE=PROCESS} and
 * {@code MONKEYFLEET_AGENT_CPU_PID=1}
 * @param labels extra labels on both containers; {@code io.monkeyfleet.*} is the driver's
 * own
 * @param appMemory the app container's memory limit; empty for none
 * @param appCpus the app container's CPU limit in cores, such as {@code 0.5}; empty for
 * none
 * @param agentMemory the agent container's memory limit; empty for none
 * @param agentCpus the agent container's CPU limit in cores; empty for none
 * @param stopTimeout how long a container of a launched node has to stop; empty uses the
 * driver's {@code stop-timeout}
 * @param readOnly whether both containers' root file systems are read-only, with a
 * {@code tmpfs} on {@code /tmp} (default, as in the compose file); turn it off for an app
 * that writes beside itself
 */
public record DockerLaunchSettings(String appImage, String agentImage, String network,
		Map<String, String> appEnvironment, Map<String, String> agentEnvironment, Map<String, String> labels,
		DataSize appMemory, Double appCpus, DataSize agentMemory, Double agentCpus, Duration stopTimeout,
		Boolean readOnly) {

	/**
	 * An image reference: registry host (with port), path, tag and/or digest, in the
	 * engine's own grammar (lower case path components).
	 */
	public static final String IMAGE = "([A-Za-z0-9.-]+(:[0-9]{1,5})?/)?[a-z0-9]+([._-]{1,2}[a-z0-9]+)*"
			+ "(/[a-z0-9]+([._-]{1,2}[a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9._-]{0,127})?(@sha256:[a-f0-9]{64})?";

	/** A Docker network name. */
	public static final String NETWORK = "[A-Za-z0-9][A-Za-z0-9_.-]{0,127}";

	/**
	 * An environment variable name. No dots or dashes: Spring Boot would bind
	 * {@code spring.data.redis.password} as an environment name too, which would slip
	 * past the reserved names below.
	 */
	public static final String ENV_NAME = "[A-Za-z_][A-Za-z0-9_]{0,127}";

	/** A label key in the engine's reverse-DNS style. */
	public static final String LABEL = "[a-z0-9]([a-z0-9._-]{0,126}[a-z0-9])?";

	/** The driver's own label namespace. */
	public static final String OWN_LABELS = "io.monkeyfleet.";

	/** The app's identity, set by the driver for each node. */
	public static final Set<String> RESERVED_APP_ENVIRONMENT = Set.of("NODE_ID");

	/**
	 * The agent's identity and credentials, set by the driver for each node: a template
	 * that could set them could make every node it launches speak for another. And its
	 * boot marker source, {@code init-start}: the containers share the engine's kernel,
	 * whose boot id no reboot of a node changes, so any other source would leave every
	 * reboot unproven.
	 */
	public static final Set<String> RESERVED_AGENT_ENVIRONMENT = Set.of("MONKEYFLEET_AGENT_NODE_ID",
			"MONKEYFLEET_AGENT_ADDRESS", "MONKEYFLEET_AGENT_HEALTH_URL", "SPRING_DATA_REDIS_USERNAME",
			"SPRING_DATA_REDIS_PASSWORD", "MONKEYFLEET_AGENT_BOOT_MARKER_SOURCE", "MONKEYFLEET_AGENT_BOOT_MARKER_FILE");

	/** The engine refuses a memory limit under 6 MB. */
	private static final DataSize SMALLEST_MEMORY = DataSize.ofMegabytes(6);

	public DockerLaunchSettings {
		Names.require(appImage, IMAGE, "docker app-image");
		Names.require(agentImage, IMAGE, "docker agent-image");
		Names.require(network, NETWORK, "docker network");
		appEnvironment = environment(appEnvironment, RESERVED_APP_ENVIRONMENT, "app-environment");
		agentEnvironment = environment(agentEnvironment, RESERVED_AGENT_ENVIRONMENT, "agent-environment");
		labels = (labels != null) ? Map.copyOf(labels) : Map.of();
		labels.keySet().forEach((key) -> {
			Names.require(key, LABEL, "docker label");
			if (key.startsWith(OWN_LABELS)) {
				throw new IllegalArgumentException(
						"docker label '" + key + "' is in the driver's own namespace " + OWN_LABELS + "*");
			}
		});
		requireMemory(appMemory, "app-memory");
		requireMemory(agentMemory, "agent-memory");
		requireCpus(appCpus, "app-cpus");
		requireCpus(agentCpus, "agent-cpus");
		DockerSettings.requireStopTimeout(stopTimeout, "docker stop-timeout");
		readOnly = (readOnly != null) ? readOnly : Boolean.TRUE;
	}

	private static Map<String, String> environment(Map<String, String> environment, Set<String> reserved, String what) {
		if (environment == null) {
			return Map.of();
		}
		Map<String, String> copy = new LinkedHashMap<>();
		environment.forEach((name, value) -> {
			Names.require(name, ENV_NAME, "docker " + what + " name");
			if (reserved.contains(name.toUpperCase(Locale.ROOT))) {
				throw new IllegalArgumentException("docker " + what + " must not set " + name
						+ ": the driver sets it for each node (reserved: " + reserved.stream().sorted().toList() + ")");
			}
			if (value == null || value.indexOf('\0') >= 0) {
				throw new IllegalArgumentException("docker " + what + " " + name + " needs a value without NUL");
			}
			copy.put(name, value);
		});
		return Map.copyOf(copy);
	}

	private static void requireMemory(DataSize memory, String what) {
		if (memory != null && memory.compareTo(SMALLEST_MEMORY) < 0) {
			throw new IllegalArgumentException("docker " + what + " must be at least 6MB, was " + memory);
		}
	}

	private static void requireCpus(Double cpus, String what) {
		if (cpus != null && !(cpus > 0 && cpus <= 1024)) {
			throw new IllegalArgumentException("docker " + what + " must be more than 0 and at most 1024, was " + cpus);
		}
	}

}

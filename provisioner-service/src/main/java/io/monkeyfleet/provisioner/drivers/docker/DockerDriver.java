package io.monkeyfleet.provisioner.drivers.docker;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.HostDriver;
import io.monkeyfleet.provisioner.drivers.Operation;
import io.monkeyfleet.provisioner.drivers.StepContext;
import io.monkeyfleet.provisioner.drivers.StepFailedException;
import io.monkeyfleet.provisioner.drivers.UnsupportedOperationForHostException;
import io.monkeyfleet.provisioner.inventory.DockerLaunchSettings;
import io.monkeyfleet.provisioner.inventory.DockerSettings;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.LaunchTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.util.unit.DataSize;

/**
 * Nodes that are containers on a Docker engine, through its Engine API (docker-java): an
 * app container and its monitor agent, which runs in the app's pid namespace so it can
 * measure the app's processes.
 *
 * <p>
 * <strong>The fleet label is the boundary.</strong> The Docker socket is root on its
 * machine, so the driver finds containers only by the labels
 * {@code io.monkeyfleet.fleet=<fleet>}, {@code io.monkeyfleet.host=<host id>} and
 * {@code io.monkeyfleet.role=app|agent}, and checks the fleet label again on the
 * inspected container before every call that changes one. A container without the label,
 * or with another fleet's, is never stopped, started or removed, whatever its name. The
 * driver never pulls, builds or executes anything in a container.
 *
 * <p>
 * Stopping the app ends its pid namespace, which kills the agent inside it; so the agent
 * is always stopped first (cleanly, and so its restart policy leaves it down) and started
 * after the app. A reboot of a node is proven by its agent's boot marker, the start time
 * of its process 1 (the app container's init), new at every start of the app container.
 */
public class DockerDriver implements HostDriver {

	private static final Logger logger = LoggerFactory.getLogger(DockerDriver.class);

	/** The label every container of this driver carries: its fleet. */
	public static final String FLEET_LABEL = "io.monkeyfleet.fleet";

	/** The host (node) id a container belongs to. */
	public static final String HOST_LABEL = "io.monkeyfleet.host";

	/** {@code app} or {@code agent}. */
	public static final String ROLE_LABEL = "io.monkeyfleet.role";

	/** On launched containers: the launch template. */
	public static final String TEMPLATE_LABEL = "io.monkeyfleet.template";

	/** On launched containers: the job that launched them. */
	public static final String JOB_LABEL = "io.monkeyfleet.job";

	/** The fact a deploy remembers once it removed the old containers. */
	static final String DEPLOY_REMOVED = "docker.deploy.removed";

	private final DockerDriverProperties properties;

	private final Supplier<DockerClient> docker;

	private final AgentCredentials credentials;

	private final TemplateSource templates;

	/**
	 * @param docker the client, made on first use
	 * @param credentials mints each launched agent's Redis user; {@code null} when not
	 * configured (then nodes cannot be launched, deployed or terminated)
	 * @param templates the launch templates, for a deploy (which re-creates a node from
	 * its template)
	 */
	public DockerDriver(DockerDriverProperties properties, Supplier<DockerClient> docker, AgentCredentials credentials,
			TemplateSource templates) {
		this.properties = properties;
		this.docker = docker;
		this.credentials = credentials;
		this.templates = templates;
	}

	/** Where a deploy finds a launched host's template. */
	@FunctionalInterface
	public interface TemplateSource {

		LaunchTemplate template(String name);

	}

	/** A container's part in a node. */
	public enum Role {

		APP, AGENT;

		public String label() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	@Override
	public DriverKind kind() {
		return DriverKind.DOCKER;
	}

	@Override
	public List<Action> plan(Operation operation, HostDefinition host) {
		return switch (operation) {
			case REBOOT ->
				List.of(Action.NOTE_BOOT_MARKER, Action.STOP, Action.START, Action.AWAIT_NEW_BOOT, Action.AWAIT_HEALTH);
			case RESTART -> List.of(Action.RESTART_SERVICES, Action.AWAIT_HEALTH);
			case DEPLOY -> {
				requireLaunched(host, "deployed (re-created from its launch template)");
				yield List.of(Action.DEPLOY, Action.AWAIT_HEALTH);
			}
			case STOP -> List.of(Action.STOP);
			case START -> List.of(Action.START, Action.AWAIT_HEALTH);
			case LAUNCH -> List.of(Action.LAUNCH, Action.AWAIT_HEALTH);
			case TERMINATE -> {
				requireLaunched(host, "terminated");
				yield List.of(Action.TERMINATE);
			}
			case MIGRATE_TO -> throw new UnsupportedOperationForHostException(
					"the docker driver cannot migrate a service; launch a node from a template instead");
		};
	}

	@Override
	public void execute(Action action, HostDefinition host, HostDefinition source, StepContext context) {
		switch (action) {
			case STOP -> stopNode(host, context);
			case START -> startNode(host, context);
			case RESTART_SERVICES -> restartNode(host, context);
			case DEPLOY -> deploy(host, context);
			case TERMINATE -> terminate(host, context);
			default -> throw new UnsupportedOperationForHostException("the docker driver has no step " + action);
		}
	}

	/**
	 * Creates and starts what is missing of the node's pair: {@code <hostId>} (the app,
	 * reachable by that name on the network) and {@code <hostId>-agent}. Containers are
	 * looked up by their labels first, so a resumed launch never makes a second pair.
	 */
	@Override
	public HostDefinition launch(LaunchTemplate template, String hostId, StepContext context) {
		DockerLaunchSettings settings = template.docker();
		if (settings == null) {
			throw new StepFailedException("launch template '" + template.name() + "' has no docker section");
		}
		AgentCredentials agentUsers = requireCredentials("launch");
		Optional<InspectContainerResponse> existingApp = find(hostId, Role.APP, context);
		InspectContainerResponse app;
		if (existingApp.isPresent()) {
			app = existingApp.get();
			context.output("app container " + describe(app) + " exists already");
		}
		else {
			String id = create(settings.appImage(), hostId, appEnvironment(settings, hostId),
					labels(template, hostId, Role.APP, context),
					hostConfig(settings, settings.appMemory(), settings.appCpus(), null, true), context);
			app = inspect(id, context);
			context.output("created app container " + describe(app) + " from " + settings.appImage());
		}
		start(app, context);
		Optional<InspectContainerResponse> existingAgent = find(hostId, Role.AGENT, context);
		String pidMode = "container:" + app.getId();
		if (existingAgent.isPresent() && !pidMode.equals(existingAgent.get().getHostConfig().getPidMode())) {
			// Left by an interrupted launch whose app container was replaced since: it
			// would join a pid namespace that no longer exists.
			context.output("agent container " + describe(existingAgent.get())
					+ " belongs to an earlier app container; replacing it");
			remove(existingAgent.get(), context);
			existingAgent = Optional.empty();
		}
		InspectContainerResponse agent;
		if (existingAgent.isPresent()) {
			agent = existingAgent.get();
			context.output("agent container " + describe(agent) + " exists already");
		}
		else {
			// A new password each time the agent container is made: the old one, if any,
			// went with the container that held it.
			String password = agentUsers.create(hostId);
			context.output("Redis user " + AgentCredentials.userName(hostId) + " has the agent rules of " + hostId);
			String id = create(settings.agentImage(), hostId + "-agent",
					agentEnvironment(settings, template, hostId, password),
					labels(template, hostId, Role.AGENT, context),
					hostConfig(settings, settings.agentMemory(), settings.agentCpus(), pidMode, false), context);
			agent = inspect(id, context);
			context.output("created agent container " + describe(agent) + " from " + settings.agentImage());
		}
		start(agent, context);
		return new HostDefinition(hostId, DriverKind.DOCKER, hostId + ":" + template.appPort(), template.healthPath(),
				template.packages(), null, null, null, template.name(), new DockerSettings(settings.stopTimeout()));
	}

	@Override
	public Optional<String> knownProblem(HostDefinition host) {
		try {
			Optional<InspectContainerResponse> app = find(host.id(), Role.APP, null);
			if (app.isEmpty()) {
				return Optional
					.of("host " + host.id() + " has no app container (" + selector(host.id(), Role.APP) + ")");
			}
			InspectContainerResponse.ContainerState state = app.get().getState();
			String status = String.valueOf(state.getStatus());
			return switch (status) {
				case "running", "restarting" -> Optional.empty();
				case "exited", "dead" -> Optional.of("app container " + describe(app.get()) + " exited with code "
						+ state.getExitCodeLong()
						+ (Boolean.TRUE.equals(state.getOOMKilled()) ? " (out of memory)" : "")
						+ ((state.getError() != null && !state.getError().isBlank()) ? ": " + state.getError() : ""));
				case "created" -> Optional.of("app container " + describe(app.get()) + " was never started");
				default -> Optional.of("app container " + describe(app.get()) + " is " + status);
			};
		}
		catch (StepFailedException ex) {
			// Not knowing is not a problem of the host: the health wait goes on.
			logger.warn("Could not read the containers of {}: {}", host.id(), ex.getMessage());
			return Optional.empty();
		}
	}

	@Override
	public Map<String, String> describe(HostDefinition host) {
		Map<String, String> description = new LinkedHashMap<>();
		try {
			for (Role role : Role.values()) {
				description.put(role.label(),
						find(host.id(), role, null).map((container) -> shortId(container) + " "
								+ container.getState().getStatus() + " since " + container.getState().getStartedAt())
							.orElse("missing"));
			}
		}
		catch (StepFailedException ex) {
			description.put("error", ex.getMessage());
		}
		return description;
	}

	// Steps

	private void stopNode(HostDefinition host, StepContext context) {
		Optional<InspectContainerResponse> agent = find(host.id(), Role.AGENT, context);
		InspectContainerResponse app = require(host.id(), Role.APP, context);
		agent.ifPresentOrElse((container) -> stop(container, stopTimeout(host), context),
				() -> context.output("host " + host.id() + " has no agent container"));
		stop(app, stopTimeout(host), context);
	}

	private void startNode(HostDefinition host, StepContext context) {
		InspectContainerResponse app = require(host.id(), Role.APP, context);
		start(app, context);
		find(host.id(), Role.AGENT, context).ifPresentOrElse((agent) -> start(agent, context),
				() -> context.output("host " + host.id() + " has no agent container"));
	}

	/**
	 * Restarts the app with the engine's own restart, then the agent, which the app's
	 * restart took down with its pid namespace (it is stopped first, cleanly).
	 */
	private void restartNode(HostDefinition host, StepContext context) {
		Optional<InspectContainerResponse> agent = find(host.id(), Role.AGENT, context);
		InspectContainerResponse app = require(host.id(), Role.APP, context);
		agent.ifPresent((container) -> stop(container, stopTimeout(host), context));
		call(context, "restart " + describe(app),
				() -> this.docker.get()
					.restartContainerCmd(guarded(app, host.id(), Role.APP))
					.withTimeout(seconds(stopTimeout(host)))
					.exec());
		context.output("restarted app container " + describe(app));
		agent.ifPresent((container) -> start(inspect(container.getId(), context), context));
	}

	/**
	 * Re-creates a launched node from its template as configured now: its image
	 * references are resolved again by the engine (whatever a tag now points to; the
	 * driver never pulls), and the agent gets a new password. Removing the old pair is
	 * remembered, so a resumed deploy only creates what is missing.
	 */
	private void deploy(HostDefinition host, StepContext context) {
		LaunchTemplate template = this.templates.template(requireLaunched(host, "deployed"));
		requireCredentials("deploy");
		if (context.fact(DEPLOY_REMOVED).isEmpty()) {
			removeNode(host, context);
			context.remember(DEPLOY_REMOVED, "true");
		}
		launch(template, host.id(), context);
	}

	private void terminate(HostDefinition host, StepContext context) {
		AgentCredentials agentUsers = requireCredentials("terminate");
		removeNode(host, context);
		agentUsers.delete(host.id());
		context.output("deleted Redis user " + AgentCredentials.userName(host.id()));
	}

	private void removeNode(HostDefinition host, StepContext context) {
		Optional<InspectContainerResponse> agent = find(host.id(), Role.AGENT, context);
		Optional<InspectContainerResponse> app = find(host.id(), Role.APP, context);
		if (agent.isEmpty() && app.isEmpty()) {
			context.output("host " + host.id() + " has no containers (" + selector(host.id(), null) + ")");
		}
		agent.ifPresent((container) -> stop(container, stopTimeout(host), context));
		app.ifPresent((container) -> stop(container, stopTimeout(host), context));
		agent.ifPresent((container) -> remove(container, context));
		app.ifPresent((container) -> remove(container, context));
	}

	// Containers

	/**
	 * The host's one container in {@code role}, found by the fleet, host and role labels
	 * (never by name).
	 * @param context for cancellation; {@code null} outside a step
	 */
	Optional<InspectContainerResponse> find(String hostId, Role role, StepContext context) {
		Map<String, String> labels = Map.of(FLEET_LABEL, this.properties.fleet(), HOST_LABEL, hostId, ROLE_LABEL,
				role.label());
		List<Container> found = call(context, null,
				() -> this.docker.get().listContainersCmd().withShowAll(true).withLabelFilter(labels).exec());
		if (found.size() > 1) {
			throw new StepFailedException(found.size() + " containers match " + selector(hostId, role) + " ("
					+ found.stream().map(Container::getId).map((id) -> id.substring(0, 12)).toList()
					+ "); a node has one " + role.label() + " container, so the driver will not guess");
		}
		if (found.isEmpty()) {
			return Optional.empty();
		}
		InspectContainerResponse container = inspect(found.get(0).getId(), context);
		guarded(container, hostId, role);
		return Optional.of(container);
	}

	private InspectContainerResponse require(String hostId, Role role, StepContext context) {
		return find(hostId, role, context)
			.orElseThrow(() -> new StepFailedException("host " + hostId + " has no " + role.label()
					+ " container: the docker driver acts only on containers labelled " + selector(hostId, role)));
	}

	private InspectContainerResponse inspect(String id, StepContext context) {
		return call(context, null, () -> this.docker.get().inspectContainerCmd(id).exec());
	}

	/**
	 * The container's id, once its labels say it is this fleet's {@code role} container
	 * of {@code hostId}: checked on what the engine reports about the container itself,
	 * not only on the list filter, before anything changes it.
	 */
	String guarded(InspectContainerResponse container, String hostId, Role role) {
		Map<String, String> labels = (container.getConfig() != null && container.getConfig().getLabels() != null)
				? container.getConfig().getLabels() : Map.of();
		if (!this.properties.fleet().equals(labels.get(FLEET_LABEL)) || !hostId.equals(labels.get(HOST_LABEL))
				|| (role != null && !role.label().equals(labels.get(ROLE_LABEL)))) {
			throw new UnsupportedOperationForHostException("container " + describe(container) + " is not labelled "
					+ selector(hostId, role) + "; the docker driver does not touch it");
		}
		return container.getId();
	}

	private String guarded(InspectContainerResponse container) {
		Map<String, String> labels = container.getConfig().getLabels();
		return guarded(container, labels.get(HOST_LABEL), roleOf(container));
	}

	private static Role roleOf(InspectContainerResponse container) {
		return roleOf(container.getConfig().getLabels());
	}

	private void stop(InspectContainerResponse container, Duration timeout, StepContext context) {
		String id = guarded(container);
		try {
			call(context, "stop " + describe(container),
					() -> this.docker.get().stopContainerCmd(id).withTimeout(seconds(timeout)).exec());
			context.output("stopped " + roleOf(container).label() + " container " + describe(container));
		}
		catch (AlreadyInState ex) {
			context.output(roleOf(container).label() + " container " + describe(container) + " was not running");
		}
		// The stop call returns once the engine saw the container end; confirm it, so a
		// start that follows never races a container still on its way down.
		context.awaitCondition("container " + describe(container) + " stopped", timeout.plusSeconds(30),
				this.properties.pollInterval(), () -> {
					InspectContainerResponse.ContainerState state = inspect(id, context).getState();
					return Boolean.TRUE.equals(state.getRunning()) ? Optional.of("state " + state.getStatus())
							: Optional.empty();
				});
	}

	private void start(InspectContainerResponse container, StepContext context) {
		String id = guarded(container);
		try {
			call(context, "start " + describe(container), () -> this.docker.get().startContainerCmd(id).exec());
			context.output("started " + roleOf(container).label() + " container " + describe(container));
		}
		catch (AlreadyInState ex) {
			context.output(roleOf(container).label() + " container " + describe(container) + " is running already");
		}
	}

	private void remove(InspectContainerResponse container, StepContext context) {
		String id = guarded(container);
		try {
			call(context, "remove " + describe(container),
					() -> this.docker.get().removeContainerCmd(id).withRemoveVolumes(true).withForce(true).exec());
			context.output("removed " + roleOf(container).label() + " container " + describe(container));
		}
		catch (Gone ex) {
			context.output(roleOf(container).label() + " container " + describe(container) + " was gone already");
		}
	}

	private String create(String image, String name, List<String> environment, Map<String, String> labels,
			HostConfig hostConfig, StepContext context) {
		try {
			return call(context, "create container " + name + " from " + image,
					() -> this.docker.get()
						.createContainerCmd(image)
						.withName(name)
						.withEnv(environment)
						.withLabels(labels)
						.withHostConfig(hostConfig)
						.exec()
						.getId());
		}
		catch (NameTaken ex) {
			// Found by labels it was not, so the container with this name is someone
			// else's: never removed or renamed to make room.
			throw new StepFailedException("a container named " + name + " exists but is not labelled "
					+ selector(labels.get(HOST_LABEL), roleOf(labels)) + "; the docker driver will not touch it: "
					+ "remove or rename it, or launch under another id");
		}
		catch (Gone ex) {
			throw new StepFailedException("cannot create container " + name + " from " + image + ": " + ex.getMessage()
					+ " (the driver never pulls: load or pull the image first)");
		}
	}

	private static Role roleOf(Map<String, String> labels) {
		return Role.AGENT.label().equals(labels.get(ROLE_LABEL)) ? Role.AGENT : Role.APP;
	}

	private Map<String, String> labels(LaunchTemplate template, String hostId, Role role, StepContext context) {
		Map<String, String> labels = new LinkedHashMap<>(template.docker().labels());
		labels.put(FLEET_LABEL, this.properties.fleet());
		labels.put(HOST_LABEL, hostId);
		labels.put(ROLE_LABEL, role.label());
		labels.put(TEMPLATE_LABEL, template.name());
		labels.put(JOB_LABEL, context.jobId());
		return labels;
	}

	private static List<String> appEnvironment(DockerLaunchSettings settings, String hostId) {
		Map<String, String> environment = new LinkedHashMap<>(settings.appEnvironment());
		environment.put("NODE_ID", hostId);
		return asList(environment);
	}

	/**
	 * The agent's environment: the template's static part, the node's identity, and its
	 * own Redis user. The password travels as an environment value: the engine keeps it
	 * in the container's configuration, readable through {@code docker inspect}, that is
	 * by whoever holds the Docker socket, who is root on the machine anyway.
	 */
	private static List<String> agentEnvironment(DockerLaunchSettings settings, LaunchTemplate template, String hostId,
			String password) {
		Map<String, String> environment = new LinkedHashMap<>();
		environment.put("MONKEYFLEET_AGENT_CPU_SOURCE", "PROCESS");
		// The app's pid 1 (the init process of its container): the agent measures that
		// process tree.
		environment.put("MONKEYFLEET_AGENT_CPU_PID", "1");
		environment.putAll(settings.agentEnvironment());
		String address = hostId + ":" + template.appPort();
		environment.put("MONKEYFLEET_AGENT_NODE_ID", hostId);
		environment.put("MONKEYFLEET_AGENT_ADDRESS", address);
		environment.put("MONKEYFLEET_AGENT_HEALTH_URL", "http://" + address + template.healthPath());
		// The node's containers share the engine's kernel, whose boot id a reboot of the
		// node never changes; the app container's init (the agent's process 1, in the
		// app's pid namespace) is new at every start.
		environment.put("MONKEYFLEET_AGENT_BOOT_MARKER_SOURCE", "init-start");
		environment.put("SPRING_DATA_REDIS_USERNAME", AgentCredentials.userName(hostId));
		environment.put("SPRING_DATA_REDIS_PASSWORD", password);
		return asList(environment);
	}

	private static List<String> asList(Map<String, String> environment) {
		List<String> list = new ArrayList<>();
		environment.forEach((name, value) -> list.add(name + "=" + value));
		return list;
	}

	/** As the compose file runs its services: locked down, restarted unless stopped. */
	private static HostConfig hostConfig(DockerLaunchSettings settings, DataSize memory, Double cpus, String pidMode,
			boolean init) {
		HostConfig config = HostConfig.newHostConfig()
			.withNetworkMode(settings.network())
			.withRestartPolicy(RestartPolicy.unlessStoppedRestart())
			.withCapDrop(Capability.ALL)
			.withSecurityOpts(List.of("no-new-privileges:true"));
		if (settings.readOnly()) {
			// exec: the engine's tmpfs default is noexec, and the JVM's native helpers
			// (the
			// agent's JNA, Netty's transports) are unpacked into /tmp and loaded from
			// there.
			config.withReadonlyRootfs(true).withTmpFs(Map.of("/tmp", "rw,exec,nosuid,nodev,size=64m"));
		}
		if (init) {
			config.withInit(true);
		}
		if (pidMode != null) {
			config.withPidMode(pidMode);
		}
		if (memory != null) {
			config.withMemory(memory.toBytes());
		}
		if (cpus != null) {
			config.withNanoCPUs(Math.round(cpus * 1_000_000_000d));
		}
		return config;
	}

	// Engine API calls

	/**
	 * One Engine API call, its failures turned into a step failure with the engine's
	 * message (never a stack trace); 304, 404 and 409 as their own kinds, which the
	 * callers above expect in some places.
	 */
	private <T> T call(StepContext context, String what, Supplier<T> request) {
		if (context != null) {
			context.checkCancelled();
		}
		try {
			return request.get();
		}
		catch (NotModifiedException ex) {
			throw new AlreadyInState(what);
		}
		catch (NotFoundException ex) {
			throw new Gone((what != null) ? what : "request", engineMessage(ex));
		}
		catch (ConflictException ex) {
			throw new NameTaken((what != null) ? what : "request", engineMessage(ex));
		}
		catch (DockerException ex) {
			throw new StepFailedException(
					"Docker " + ((what != null) ? what : "request") + " failed: " + engineMessage(ex));
		}
		catch (RuntimeException ex) {
			if (ex.getClass().getPackageName().startsWith("io.monkeyfleet")) {
				throw ex;
			}
			Throwable cause = (ex.getCause() instanceof IOException) ? ex.getCause() : ex;
			throw new StepFailedException("cannot reach the Docker engine at " + this.properties.host() + ": "
					+ cause.getClass().getSimpleName() + " " + cause.getMessage());
		}
	}

	/** The engine's {"message": ...} without docker-java's "Status 404:" wrapping. */
	private static String engineMessage(DockerException ex) {
		String message = String.valueOf(ex.getMessage()).strip();
		int start = message.indexOf("\"message\":\"");
		if (start >= 0) {
			int from = start + "\"message\":\"".length();
			int end = message.indexOf('"', from);
			if (end > from) {
				return message.substring(from, end) + " (HTTP " + ex.getHttpStatus() + ")";
			}
		}
		return message;
	}

	private AgentCredentials requireCredentials(String what) {
		if (this.credentials == null) {
			throw new StepFailedException("cannot " + what + " a docker node: each one needs a Redis user of its own, "
					+ "and monkeyfleet.provisioner.docker.credentials is not configured");
		}
		return this.credentials;
	}

	private static String requireLaunched(HostDefinition host, String what) {
		if (host.launchedFrom() == null) {
			throw new UnsupportedOperationForHostException("host '" + host.id()
					+ "' is in the configured inventory (its containers belong to whoever made them, such as "
					+ "docker compose); only hosts the provisioner launched can be " + what);
		}
		return host.launchedFrom();
	}

	private Duration stopTimeout(HostDefinition host) {
		return (host.docker() != null && host.docker().stopTimeout() != null) ? host.docker().stopTimeout()
				: this.properties.stopTimeout();
	}

	private static int seconds(Duration timeout) {
		return (int) Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000);
	}

	private String selector(String hostId, Role role) {
		return FLEET_LABEL + "=" + this.properties.fleet() + ", " + HOST_LABEL + "=" + hostId
				+ ((role != null) ? ", " + ROLE_LABEL + "=" + role.label() : "");
	}

	private static String describe(InspectContainerResponse container) {
		String name = (container.getName() != null) ? container.getName().replaceFirst("^/", "") : "?";
		return name + " (" + shortId(container) + ")";
	}

	private static String shortId(InspectContainerResponse container) {
		return container.getId().substring(0, Math.min(12, container.getId().length()));
	}

	/** The engine answered 304: the container is already started or stopped. */
	private static final class AlreadyInState extends StepFailedException {

		AlreadyInState(String what) {
			super("Docker " + what + ": nothing to do");
		}

	}

	/** The engine answered 404 to a call on a container or image it was named. */
	private static final class Gone extends StepFailedException {

		Gone(String what, String message) {
			super("Docker " + what + " failed: " + message);
		}

	}

	/** The engine answered 409: a conflict, such as a container name taken. */
	private static final class NameTaken extends StepFailedException {

		NameTaken(String what, String message) {
			super("Docker " + what + " failed: " + message);
		}

	}

}

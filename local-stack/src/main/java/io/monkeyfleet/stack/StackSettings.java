package io.monkeyfleet.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the stack is started. From the command line ({@link #parse}) or built by a test.
 *
 * @param repository the checkout, where each module's jar is found
 * ({@code <module>/target/<module>-*.jar})
 * @param workDirectory everything the stack writes: logs, pid files, node folders, mails,
 * temporary files
 * @param nodeCount app nodes (each a sample-app with its monitor-agent)
 * @param ports where everything listens
 * @param monkeyArguments extra {@code --name=value} arguments for monkey-service (they
 * win over the stack's own)
 * @param gatewayArguments extra arguments for gateway-service
 * @param provisionerArguments extra arguments for provisioner-service
 * @param agentArguments extra arguments for every monitor-agent
 */
public record StackSettings(Path repository, Path workDirectory, int nodeCount, Ports ports,
		List<String> monkeyArguments, List<String> gatewayArguments, List<String> provisionerArguments,
		List<String> agentArguments) {

	static final String USAGE = """
			usage: run-local.sh [--nodes=3] [--work-dir=.local-stack] [--free-ports]
			                    [--gateway-port=8080] [--monkey-port=8081] [--provisioner-port=8082]
			                    [--redis-port=6379] [--smtp-port=3025] [--node-port=9001]
			                    [--monkey.<property>=<value>] [--gateway.<property>=<value>]
			                    [--provisioner.<property>=<value>] [--agent.<property>=<value>]
			  --free-ports picks free ports for everything instead of the usual ones.
			  --monkey.monkeyfleet.monkey.tick=500ms passes --monkeyfleet.monkey.tick=500ms to monkey-service.""";

	public StackSettings {
		repository = repository.toAbsolutePath().normalize();
		workDirectory = workDirectory.toAbsolutePath().normalize();
		if (nodeCount < 1 || nodeCount > 20) {
			throw new IllegalArgumentException("--nodes must be from 1 to 20, was " + nodeCount);
		}
		if (ports.nodes().size() != nodeCount + 1) {
			throw new IllegalArgumentException("need a port per node and one for the standby host");
		}
		if (!Files.isDirectory(repository.resolve("sample-app"))) {
			throw new IllegalArgumentException(
					repository + " is not the Monkey Fleet checkout (no sample-app folder); run from the checkout");
		}
		if (workDirectory.equals(repository) || repository.startsWith(workDirectory)
				|| workDirectory.getNameCount() < 2) {
			throw new IllegalArgumentException("the work folder " + workDirectory
					+ " must be a folder of its own (it is emptied at every start), such as .local-stack");
		}
		monkeyArguments = List.copyOf(monkeyArguments);
		gatewayArguments = List.copyOf(gatewayArguments);
		provisionerArguments = List.copyOf(provisionerArguments);
		agentArguments = List.copyOf(agentArguments);
	}

	/**
	 * The usual stack: three nodes on the usual ports, work folder {@code .local-stack}.
	 */
	public static StackSettings usual(Path repository) {
		return new StackSettings(repository, repository.resolve(".local-stack"), 3, Ports.usual(3, 9001), List.of(),
				List.of(), List.of(), List.of());
	}

	public StackSettings withMonkeyArguments(List<String> arguments) {
		return new StackSettings(this.repository, this.workDirectory, this.nodeCount, this.ports, arguments,
				this.gatewayArguments, this.provisionerArguments, this.agentArguments);
	}

	/** The node ids: {@code node-1} ... */
	public List<String> nodes() {
		List<String> nodes = new ArrayList<>();
		for (int i = 1; i <= this.nodeCount; i++) {
			nodes.add("node-" + i);
		}
		return nodes;
	}

	/**
	 * @throws IllegalArgumentException with the one line to print
	 */
	static StackSettings parse(String[] args, Path repository) {
		Map<String, String> values = new TreeMap<>();
		List<String> monkey = new ArrayList<>();
		List<String> gateway = new ArrayList<>();
		List<String> provisioner = new ArrayList<>();
		List<String> agent = new ArrayList<>();
		List<String> known = List.of("nodes", "work-dir", "free-ports", "gateway-port", "monkey-port",
				"provisioner-port", "redis-port", "smtp-port", "node-port");
		for (String arg : args) {
			int equals = arg.indexOf('=');
			String name = arg.startsWith("--") ? arg.substring(2, (equals < 0) ? arg.length() : equals) : "";
			String value = (equals < 0) ? "true" : arg.substring(equals + 1);
			if (name.startsWith("monkey.") && equals > 0) {
				monkey.add("--" + name.substring("monkey.".length()) + "=" + value);
			}
			else if (name.startsWith("gateway.") && equals > 0) {
				gateway.add("--" + name.substring("gateway.".length()) + "=" + value);
			}
			else if (name.startsWith("provisioner.") && equals > 0) {
				provisioner.add("--" + name.substring("provisioner.".length()) + "=" + value);
			}
			else if (name.startsWith("agent.") && equals > 0) {
				agent.add("--" + name.substring("agent.".length()) + "=" + value);
			}
			else if (known.contains(name)) {
				values.put(name, value);
			}
			else {
				throw new IllegalArgumentException("unknown argument '" + arg + "'");
			}
		}
		int nodes = whole(values, "nodes", 3);
		Ports ports;
		if (Boolean.parseBoolean(values.getOrDefault("free-ports", "false"))) {
			ports = Ports.free(nodes);
		}
		else {
			Ports usual = Ports.usual(nodes, whole(values, "node-port", 9001));
			ports = new Ports(whole(values, "redis-port", usual.redis()), whole(values, "smtp-port", usual.smtp()),
					whole(values, "provisioner-port", usual.provisioner()),
					whole(values, "monkey-port", usual.monkey()), whole(values, "gateway-port", usual.gateway()),
					usual.nodes());
		}
		Path work = Path.of(values.getOrDefault("work-dir", repository.resolve(".local-stack").toString()));
		return new StackSettings(repository, work, nodes, ports, monkey, gateway, provisioner, agent);
	}

	private static int whole(Map<String, String> values, String name, int fallback) {
		String value = values.get(name);
		if (value == null) {
			return fallback;
		}
		try {
			return Integer.parseInt(value);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + value + "'");
		}
	}

}

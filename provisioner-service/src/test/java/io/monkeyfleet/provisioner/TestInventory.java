package io.monkeyfleet.provisioner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.LaunchTemplate;
import io.monkeyfleet.provisioner.inventory.ProcessDefinition;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Puts hosts into a Spring Boot test's configuration, as an operator would write them.
 */
public final class TestInventory {

	private static final String PREFIX = "monkeyfleet.provisioner.inventory.";

	private TestInventory() {
	}

	public static void register(DynamicPropertyRegistry registry, List<HostDefinition> hosts,
			List<LaunchTemplate> templates) {
		properties(hosts, templates).forEach((name, value) -> registry.add(name, () -> value));
	}

	/** The same, as properties for a {@code SpringApplicationBuilder}. */
	public static Map<String, Object> properties(List<HostDefinition> hosts, List<LaunchTemplate> templates) {
		Map<String, Object> properties = new LinkedHashMap<>();
		PropertySink registry = (name, value) -> properties.put(name, value.get());
		add(registry, hosts, templates);
		return properties;
	}

	private interface PropertySink {

		void add(String name, Supplier<Object> value);

	}

	private static void add(PropertySink registry, List<HostDefinition> hosts, List<LaunchTemplate> templates) {
		for (int i = 0; i < hosts.size(); i++) {
			HostDefinition host = hosts.get(i);
			String prefix = PREFIX + "hosts[" + i + "].";
			registry.add(prefix + "id", host::id);
			registry.add(prefix + "driver", () -> host.driver().name().toLowerCase());
			registry.add(prefix + "address", host::address);
			registry.add(prefix + "health-path", host::healthPath);
			for (int p = 0; p < host.packages().size(); p++) {
				String name = host.packages().get(p);
				registry.add(prefix + "packages[" + p + "]", () -> name);
			}
			if (host.local() != null) {
				registry.add(prefix + "local.boot-time", () -> host.local().bootTime().toMillis() + "ms");
				processes(registry, prefix + "local.", host.local().processes());
			}
			if (host.ssh() != null) {
				registry.add(prefix + "ssh.host", () -> host.ssh().host());
				registry.add(prefix + "ssh.port", () -> host.ssh().port());
				registry.add(prefix + "ssh.user", () -> host.ssh().user());
				registry.add(prefix + "ssh.command-set", () -> host.ssh().commandSet());
			}
			if (host.aws() != null) {
				registry.add(prefix + "aws.instance-id", () -> host.aws().instanceId());
			}
		}
		for (int i = 0; i < templates.size(); i++) {
			LaunchTemplate template = templates.get(i);
			String prefix = PREFIX + "launch-templates[" + i + "].";
			registry.add(prefix + "name", template::name);
			registry.add(prefix + "driver", () -> template.driver().name().toLowerCase());
			registry.add(prefix + "health-path", template::healthPath);
			if (template.local() != null) {
				registry.add(prefix + "local.boot-time", () -> template.local().bootTime().toMillis() + "ms");
				processes(registry, prefix + "local.", template.local().processes());
			}
		}
	}

	private static void processes(PropertySink registry, String prefix, List<ProcessDefinition> processes) {
		for (int p = 0; p < processes.size(); p++) {
			ProcessDefinition process = processes.get(p);
			String processPrefix = prefix + "processes[" + p + "].";
			registry.add(processPrefix + "name", process::name);
			for (int a = 0; a < process.command().size(); a++) {
				String argument = process.command().get(a);
				registry.add(processPrefix + "command[" + a + "]", () -> argument);
			}
		}
	}

}

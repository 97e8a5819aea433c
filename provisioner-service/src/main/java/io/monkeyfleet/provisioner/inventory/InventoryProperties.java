package io.monkeyfleet.provisioner.inventory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The hosts the provisioner may act on and what it may launch. Requests can only name
 * these (or hosts it launched); everything it runs on them comes from here and from the
 * drivers' configuration, never from a request.
 *
 * @param hosts the configured hosts, each with a unique id
 * @param launchTemplates what new hosts are launched from, each with a unique name
 */
@Validated
@ConfigurationProperties("monkeyfleet.provisioner.inventory")
public record InventoryProperties(@Valid List<HostDefinition> hosts, @Valid List<LaunchTemplate> launchTemplates) {

	public InventoryProperties {
		hosts = (hosts != null) ? List.copyOf(hosts) : List.of();
		launchTemplates = (launchTemplates != null) ? List.copyOf(launchTemplates) : List.of();
		Set<String> seen = new HashSet<>();
		for (HostDefinition host : hosts) {
			if (!seen.add(host.id())) {
				throw new IllegalArgumentException("host id '" + host.id() + "' appears twice in the inventory");
			}
		}
		Set<String> names = new HashSet<>();
		for (LaunchTemplate template : launchTemplates) {
			if (!names.add(template.name())) {
				throw new IllegalArgumentException("launch template '" + template.name() + "' appears twice");
			}
		}
	}

}

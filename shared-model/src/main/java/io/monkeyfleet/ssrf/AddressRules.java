package io.monkeyfleet.ssrf;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a service may send requests, as configured: the rules an {@link AddressGuard}
 * applies. The gateway routes by them, and monkey-service's admin API checks route
 * targets by them before it stores a route, so both judge an address the same way. Every
 * entry is parsed here, so a bad one is reported with its text.
 *
 * @param allowedNetworks an address must be inside one of these (CIDR)
 * @param deniedNetworks an address inside any of these is refused even if allowed
 * @param allowLoopback whether 127.0.0.0/8 and ::1 may be targets (a local stack only)
 * @param allowedPorts ports or ranges a target may use, such as {@code 8080} or
 * {@code 1024-65535}
 */
public record AddressRules(List<String> allowedNetworks, List<String> deniedNetworks, boolean allowLoopback,
		List<String> allowedPorts) {

	/**
	 * Link-local and cloud metadata addresses and "this host": never a target, whatever
	 * else is allowed.
	 */
	public static final List<String> DEFAULT_DENIED_NETWORKS = List.of("169.254.0.0/16", "fe80::/10",
			"fd00:ec2::254/128", "0.0.0.0/8", "::/128");

	private static final List<String> LOOPBACK = List.of("127.0.0.0/8", "::1/128");

	public AddressRules {
		allowedNetworks = List.copyOf(allowedNetworks);
		deniedNetworks = List.copyOf(deniedNetworks);
		allowedPorts = List.copyOf(allowedPorts);
		if (allowedNetworks.isEmpty()) {
			throw new IllegalArgumentException("allowed networks must not be empty");
		}
		if (allowedPorts.isEmpty()) {
			throw new IllegalArgumentException("allowed ports must not be empty");
		}
		allowedNetworks.forEach(Cidr::parse);
		deniedNetworks.forEach(Cidr::parse);
		allowedPorts.forEach(PortRange::parse);
	}

	/** A guard applying these rules, resolving host names with {@code resolver}. */
	public AddressGuard guard(HostResolver resolver) {
		List<String> denied = new ArrayList<>(this.deniedNetworks);
		if (!this.allowLoopback) {
			denied.addAll(LOOPBACK);
		}
		return new AddressGuard(this.allowedNetworks.stream().map(Cidr::parse).toList(),
				denied.stream().map(Cidr::parse).toList(), this.allowedPorts.stream().map(PortRange::parse).toList(),
				resolver);
	}

}

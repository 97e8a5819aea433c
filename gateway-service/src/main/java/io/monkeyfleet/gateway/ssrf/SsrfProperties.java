package io.monkeyfleet.gateway.ssrf;

import java.util.List;

import io.monkeyfleet.ssrf.AddressGuard;
import io.monkeyfleet.ssrf.AddressRules;
import io.monkeyfleet.ssrf.HostResolver;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where the gateway may send requests. Node addresses and URIs in route filters are
 * checked when the routing snapshot is built; what fails is left out with a log line.
 *
 * @param allowedNetworks an address must be inside one of these (CIDR); tighten to the
 * app nodes' subnets in production
 * @param deniedNetworks an address inside any of these is refused even if allowed:
 * link-local and cloud metadata (169.254.0.0/16, fe80::/10, fd00:ec2::254), "this host"
 * (0.0.0.0/8, ::)
 * @param allowLoopback whether 127.0.0.0/8 and ::1 may be targets: only for a local stack
 * where the app nodes run on this machine (the {@code local} profile turns it on)
 * @param allowedPorts ports or ranges a target may use, such as {@code 8080} or
 * {@code 1024-65535}
 */
@Validated
@ConfigurationProperties("monkeyfleet.gateway.ssrf")
public record SsrfProperties(@DefaultValue( {
		"0.0.0.0/0", "::/0" }) @NotEmpty List<String> allowedNetworks,
		@DefaultValue({ "169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "0.0.0.0/8",
				"::/128" }) @NotNull List<String> deniedNetworks,
		@DefaultValue("false") boolean allowLoopback, @DefaultValue("1-65535") @NotEmpty List<String> allowedPorts){

	public SsrfProperties {
		// Parsed here so that a bad entry stops start-up with a message naming it.
		rules(allowedNetworks, deniedNetworks, allowLoopback, allowedPorts);
	}

	/** The guard these properties describe. */
	public AddressGuard guard(HostResolver resolver) {
		return rules(this.allowedNetworks, this.deniedNetworks, this.allowLoopback, this.allowedPorts).guard(resolver);
	}

	private static AddressRules rules(List<String> allowedNetworks, List<String> deniedNetworks, boolean allowLoopback,
			List<String> allowedPorts) {
		return new AddressRules(allowedNetworks, deniedNetworks, allowLoopback, allowedPorts);
	}

}

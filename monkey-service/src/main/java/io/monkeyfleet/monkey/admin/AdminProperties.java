package io.monkeyfleet.monkey.admin;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.monkeyfleet.ssrf.AddressRules;
import io.monkeyfleet.ssrf.HostResolver;
import io.monkeyfleet.ssrf.RouteCheck;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The admin API's own settings ({@code monkeyfleet.monkey.admin.*}).
 *
 * @param verdictWait how long a node action waits for the leader's verdict before it
 * answers {@code 202 Accepted} with the request to look up later
 * @param requestTimeToLive an operator request the leader has not taken within this long
 * is refused rather than carried out late (no leader, Redis away)
 * @param routes what a route written through the API may hold
 */
@Validated
@ConfigurationProperties("monkeyfleet.monkey.admin")
public record AdminProperties(@DefaultValue("5s") @NotNull Duration verdictWait,
		@DefaultValue("30s") @NotNull Duration requestTimeToLive, @DefaultValue @Valid Routes routes) {

	public AdminProperties {
		positive(verdictWait, "monkeyfleet.monkey.admin.verdict-wait");
		positive(requestTimeToLive, "monkeyfleet.monkey.admin.request-time-to-live");
	}

	private static void positive(Duration duration, String property) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			throw new IllegalArgumentException(property + " must be positive, was " + duration);
		}
	}

	/**
	 * The same rules as the gateways' {@code monkeyfleet.gateway.routing.allowed-filters}
	 * and {@code monkeyfleet.gateway.ssrf.*}: keep them alike, so that a route the API
	 * accepts is one the gateways serve.
	 *
	 * @param allowedFilters filter names a route may use; by default those that rewrite
	 * paths and headers only
	 * @param allowedNetworks a URI in a filter argument must point inside one of these
	 * (CIDR)
	 * @param deniedNetworks and outside all of these: link-local, cloud metadata and
	 * "this host" by default
	 * @param allowLoopback whether 127.0.0.0/8 and ::1 may be targets (a local stack
	 * only)
	 * @param allowedPorts ports or ranges such as {@code 8080} or {@code 1024-65535}
	 */
	public record Routes(List<String> allowedFilters, @DefaultValue( {
			"0.0.0.0/0", "::/0" }) List<String> allowedNetworks,
			@DefaultValue({ "169.254.0.0/16", "fe80::/10", "fd00:ec2::254/128", "0.0.0.0/8",
					"::/128" }) List<String> deniedNetworks,
			@DefaultValue("false") boolean allowLoopback, @DefaultValue("1-65535") List<String> allowedPorts){

		public Routes {
			allowedFilters = (allowedFilters != null) ? List.copyOf(allowedFilters)
					: RouteCheck.DEFAULT_ALLOWED_FILTERS;
			try {
				new AddressRules(allowedNetworks, deniedNetworks, allowLoopback, allowedPorts);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("monkeyfleet.monkey.admin.routes: " + ex.getMessage(), ex);
			}
		}

		RouteCheck check(HostResolver resolver) {
			return new RouteCheck(Set.copyOf(this.allowedFilters), "monkeyfleet.monkey.admin.routes.allowed-filters",
					new AddressRules(this.allowedNetworks, this.deniedNetworks, this.allowLoopback, this.allowedPorts)
						.guard(resolver));
		}

	}

}

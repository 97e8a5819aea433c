package io.monkeyfleet.ssrf;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RouteFilter;

/**
 * Whether a route may be served: its pool can be a load-balancer host, it uses only
 * allowed filters, no filter argument holds a SpEL expression ({@code #{...}}), and no
 * filter argument holds a URI other than {@code http(s)} to an address the guard allows
 * ({@code file:}, {@code jar:}, {@code forward:} and metadata addresses never pass). The
 * gateway refuses such a route when it reads it; the admin API refuses to store it, with
 * the same words.
 */
public final class RouteCheck {

	/**
	 * Filters that rewrite paths and headers only. Filters that change where a request
	 * goes ({@code SetRequestUri}, {@code RequestHeaderToRequestUri}) or call elsewhere
	 * ({@code CircuitBreaker} with a fallback URI) are left out on purpose: a route must
	 * never send a request anywhere but to its pool.
	 */
	public static final List<String> DEFAULT_ALLOWED_FILTERS = List.of("AddRequestHeader",
			"AddRequestHeadersIfNotPresent", "AddRequestParameter", "AddResponseHeader", "DedupeResponseHeader",
			"MapRequestHeader", "PrefixPath", "PreserveHostHeader", "RemoveRequestHeader", "RemoveRequestParameter",
			"RemoveResponseHeader", "RequestSize", "RewritePath", "RewriteResponseHeader", "SecureHeaders", "SetPath",
			"SetRequestHeader", "SetResponseHeader", "SetStatus", "StripPrefix");

	/** "scheme:" at the start of a value, as RFC 3986 spells a scheme. */
	private static final Pattern URI_LIKE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);

	/**
	 * Pool names may hold '_', which a URI host may not: {@code lb://a_b} has no host.
	 */
	private static final Pattern URI_HOST = Pattern.compile("[A-Za-z0-9.-]+");

	private final Set<String> allowedFilters;

	private final String allowedFiltersProperty;

	private final AddressGuard guard;

	/**
	 * @param allowedFilters filter names a route may use
	 * @param allowedFiltersProperty the property that configures them, named in refusals
	 * @param guard where filter arguments holding URIs may point
	 */
	public RouteCheck(Set<String> allowedFilters, String allowedFiltersProperty, AddressGuard guard) {
		this.allowedFilters = Set.copyOf(allowedFilters);
		this.allowedFiltersProperty = allowedFiltersProperty;
		this.guard = guard;
	}

	/** Why the route must not be served, or empty if it may. */
	public Optional<String> refusal(Route route) {
		if (!URI_HOST.matcher(route.pool()).matches()) {
			return Optional.of("its pool name '" + route.pool() + "' holds '_', which cannot be routed as lb://"
					+ route.pool() + "; rename the pool");
		}
		for (RouteFilter filter : route.filters()) {
			if (!this.allowedFilters.contains(filter.name())) {
				return Optional.of("filter '" + filter.name() + "' is not in " + this.allowedFiltersProperty + " "
						+ this.allowedFilters.stream().sorted().toList());
			}
			for (Map.Entry<String, String> argument : filter.args().entrySet()) {
				String value = argument.getValue().trim();
				if (value.contains("#{")) {
					// Spring Cloud Gateway evaluates "#{...}" in a filter's arguments:
					// data
					// from Redis must never be code.
					return Optional.of("filter '" + filter.name() + "' argument '" + argument.getKey()
							+ "' holds a SpEL expression (#{...}), which a route must not");
				}
				if (URI_LIKE.matcher(value).matches() && !value.contains(" ")) {
					if (this.guard.checkUri(value) instanceof AddressGuard.Verdict.Denied denied) {
						return Optional.of("filter '" + filter.name() + "' argument '" + argument.getKey() + "' holds "
								+ value + ", which the address guard refuses: " + denied.reason());
					}
				}
			}
		}
		return Optional.empty();
	}

}

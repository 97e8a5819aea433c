package io.monkeyfleet.gateway.routing;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.monkeyfleet.gateway.snapshot.RouteVetting;
import io.monkeyfleet.gateway.ssrf.AddressGuard;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.model.RoutePredicate;

import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

/**
 * Turns a route from Redis into a Spring Cloud Gateway route definition aimed at
 * {@code lb://pool}, after vetting it: only allowed filters, and no argument that holds a
 * URI other than {@code http(s)} to an address the guard allows ({@code file:},
 * {@code jar:}, {@code forward:} and metadata addresses never pass).
 */
final class RouteTranslator implements RouteVetting {

	/** "scheme:" at the start of a value, as RFC 3986 spells a scheme. */
	private static final Pattern URI_LIKE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);

	/**
	 * Pool names may hold '_', which a URI host may not: {@code lb://a_b} has no host.
	 */
	private static final Pattern URI_HOST = Pattern.compile("[A-Za-z0-9.-]+");

	private final Set<String> allowedFilters;

	private final AddressGuard guard;

	RouteTranslator(Set<String> allowedFilters, AddressGuard guard) {
		this.allowedFilters = Set.copyOf(allowedFilters);
		this.guard = guard;
	}

	@Override
	public Optional<String> refusal(Route route) {
		if (!URI_HOST.matcher(route.pool()).matches()) {
			return Optional.of("its pool name '" + route.pool() + "' holds '_', which cannot be routed as lb://"
					+ route.pool() + "; rename the pool");
		}
		for (RouteFilter filter : route.filters()) {
			if (!this.allowedFilters.contains(filter.name())) {
				return Optional
					.of("filter '" + filter.name() + "' is not in monkeyfleet.gateway.routing.allowed-filters "
							+ this.allowedFilters.stream().sorted().toList());
			}
			for (Map.Entry<String, String> argument : filter.args().entrySet()) {
				String value = argument.getValue().trim();
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

	RouteDefinition definition(Route route) {
		RouteDefinition definition = new RouteDefinition();
		definition.setId(route.id());
		definition.setUri(URI.create("lb://" + route.pool()));
		definition.setOrder(route.order());
		definition.setPredicates(route.predicates().stream().map(RouteTranslator::predicate).toList());
		definition.setFilters(route.filters().stream().map(RouteTranslator::filter).toList());
		definition.setMetadata(Map.of("pool", route.pool()));
		return definition;
	}

	private static PredicateDefinition predicate(RoutePredicate predicate) {
		PredicateDefinition definition = new PredicateDefinition();
		List<String> values = switch (predicate.kind()) {
			case PATH, HOST -> List.of(predicate.pattern());
			case METHOD -> List.of(predicate.pattern().split(",")).stream().map(String::trim).toList();
		};
		definition.setName(switch (predicate.kind()) {
			case PATH -> "Path";
			case HOST -> "Host";
			case METHOD -> "Method";
		});
		// Set as arguments one by one: the "Name=a,b" text form would split a pattern
		// that
		// holds a comma.
		Map<String, String> args = new LinkedHashMap<>();
		for (int i = 0; i < values.size(); i++) {
			args.put("_genkey_" + i, values.get(i));
		}
		definition.setArgs(args);
		return definition;
	}

	private static FilterDefinition filter(RouteFilter filter) {
		FilterDefinition definition = new FilterDefinition();
		definition.setName(filter.name());
		definition.setArgs(new LinkedHashMap<>(filter.args()));
		return definition;
	}

}

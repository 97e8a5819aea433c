package io.monkeyfleet.gateway.routing;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.monkeyfleet.gateway.snapshot.RouteVetting;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.model.RoutePredicate;
import io.monkeyfleet.ssrf.AddressGuard;
import io.monkeyfleet.ssrf.RouteCheck;

import org.springframework.cloud.gateway.filter.FilterDefinition;
import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

/**
 * Turns a route from Redis into a Spring Cloud Gateway route definition aimed at
 * {@code lb://pool}, after vetting it with the shared {@link RouteCheck}: only allowed
 * filters, and no argument that holds a URI other than {@code http(s)} to an address the
 * guard allows ({@code file:}, {@code jar:}, {@code forward:} and metadata addresses
 * never pass).
 */
final class RouteTranslator implements RouteVetting {

	private final RouteCheck check;

	RouteTranslator(Set<String> allowedFilters, AddressGuard guard) {
		this.check = new RouteCheck(allowedFilters, "monkeyfleet.gateway.routing.allowed-filters", guard);
	}

	@Override
	public Optional<String> refusal(Route route) {
		return this.check.refusal(route);
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

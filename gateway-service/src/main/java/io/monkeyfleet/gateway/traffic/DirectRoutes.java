package io.monkeyfleet.gateway.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.model.RoutePredicate;

import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.http.server.PathContainer;
import org.springframework.util.StringUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * Which requests the {@link DirectProxy} may serve itself: the fleet's routes whose
 * predicates are paths and methods and whose only filter is {@code StripPrefix}, matched
 * exactly as Spring Cloud Gateway matches them (its {@link PathPatternParser}, lowest
 * order first). A request that could match any other route first (one with a host
 * predicate or another filter, or a route from the gateway's own configuration) is left
 * to Spring Cloud Gateway, so both paths always agree on the route a request takes.
 * Immutable; built again with every routing view.
 */
final class DirectRoutes {

	/** No route at all: every request goes the Spring Cloud Gateway way. */
	static final DirectRoutes NONE = new DirectRoutes(List.of());

	private static final PathPatternParser PARSER = new PathPatternParser();

	private final List<Entry> entries;

	private DirectRoutes(List<Entry> entries) {
		this.entries = List.copyOf(entries);
	}

	/**
	 * @param fleetRoutes the routing view's routes (vetted), by order then id
	 * @param configuredRoutes routes from the gateway's own configuration, which only
	 * Spring Cloud Gateway serves
	 */
	static DirectRoutes of(List<Route> fleetRoutes, List<RouteDefinition> configuredRoutes) {
		List<Entry> entries = new ArrayList<>();
		// Configured routes first among equal orders: the safe guess, as they are never
		// served directly.
		configuredRoutes.forEach((definition) -> entries.add(configured(definition)));
		fleetRoutes.forEach((route) -> entries.add(fleet(route)));
		entries.sort(Comparator.comparingInt(Entry::order));
		return new DirectRoutes(entries);
	}

	/**
	 * The route to serve a request on directly, or {@code null} when it is Spring Cloud
	 * Gateway's to serve (no route, or one the direct path does not take may match).
	 * @param method the request's method
	 * @param rawPath the request's path, still percent-encoded, without the query
	 */
	DirectRoute match(String method, String rawPath) {
		PathContainer path = null;
		for (Entry entry : this.entries) {
			if (entry.paths != null) {
				path = (path != null) ? path : PathContainer.parsePath(rawPath);
				if (!entry.paths.test(path)) {
					continue;
				}
			}
			if (entry.route == null) {
				return null;
			}
			if (entry.methods != null && !entry.methods.test(method)) {
				continue;
			}
			return entry.route;
		}
		return null;
	}

	/**
	 * The path a route sends on: Spring Cloud Gateway's {@code StripPrefix} rule (empty
	 * segments dropped, a trailing slash kept).
	 */
	static String stripPrefix(String rawPath, int parts) {
		if (parts == 0) {
			return rawPath;
		}
		String[] segments = StringUtils.tokenizeToStringArray(rawPath, "/");
		StringBuilder stripped = new StringBuilder("/");
		for (int i = parts; i < segments.length; i++) {
			if (stripped.length() > 1) {
				stripped.append('/');
			}
			stripped.append(segments[i]);
		}
		if (stripped.length() > 1 && rawPath.endsWith("/")) {
			stripped.append('/');
		}
		return stripped.toString();
	}

	private static Entry fleet(Route route) {
		List<Predicate<PathContainer>> paths = new ArrayList<>();
		List<Predicate<String>> methods = new ArrayList<>();
		boolean direct = true;
		for (RoutePredicate predicate : route.predicates()) {
			switch (predicate.kind()) {
				case PATH -> {
					Predicate<PathContainer> path = path(predicate.pattern());
					if (path == null) {
						return new Entry(route.order(), null, null, null);
					}
					paths.add(path);
				}
				case METHOD -> {
					Set<String> allowed = Set.of(predicate.pattern().toUpperCase(Locale.ROOT).split("\\s*,\\s*"));
					methods.add(allowed::contains);
				}
				case HOST -> direct = false;
			}
		}
		Integer parts = stripParts(route.filters());
		DirectRoute target = (direct && parts != null) ? new DirectRoute(route.id(), route.pool(), parts) : null;
		return new Entry(route.order(), all(paths), methods.isEmpty() ? null : all(methods), target);
	}

	private static Entry configured(RouteDefinition definition) {
		List<Predicate<PathContainer>> paths = new ArrayList<>();
		for (PredicateDefinition predicate : definition.getPredicates()) {
			if ("Path".equals(predicate.getName())) {
				List<Predicate<PathContainer>> any = new ArrayList<>();
				for (String pattern : predicate.getArgs().values()) {
					Predicate<PathContainer> path = path(pattern);
					if (path == null) {
						return new Entry(definition.getOrder(), null, null, null);
					}
					any.add(path);
				}
				paths.add((container) -> any.stream().anyMatch((path) -> path.test(container)));
			}
		}
		return new Entry(definition.getOrder(), paths.isEmpty() ? null : all(paths), null, null);
	}

	/** A path pattern as Spring Cloud Gateway reads it; {@code null} if it cannot. */
	private static Predicate<PathContainer> path(String pattern) {
		try {
			PathPattern parsed = PARSER.parse(pattern);
			return parsed::matches;
		}
		catch (PatternParseException ex) {
			return null;
		}
	}

	/**
	 * How many path segments the filters strip, or {@code null} if they do anything else.
	 */
	private static Integer stripParts(List<RouteFilter> filters) {
		int parts = 0;
		for (RouteFilter filter : filters) {
			if (!"StripPrefix".equals(filter.name()) || filter.args().size() > 1) {
				return null;
			}
			String value = filter.args().isEmpty() ? "1" : filter.args().values().iterator().next();
			try {
				int strip = Integer.parseInt(value.trim());
				if (strip < 0) {
					return null;
				}
				parts += strip;
			}
			catch (NumberFormatException ex) {
				return null;
			}
		}
		return parts;
	}

	private static <T> Predicate<T> all(List<Predicate<T>> predicates) {
		List<Predicate<T>> copy = List.copyOf(predicates);
		return (value) -> {
			for (Predicate<T> predicate : copy) {
				if (!predicate.test(value)) {
					return false;
				}
			}
			return true;
		};
	}

	/** A route the direct path serves. */
	record DirectRoute(String id, String pool, int stripParts) {

	}

	/**
	 * One route in order.
	 *
	 * @param paths all must match, or {@code null}: any path may match
	 * @param methods all must match, or {@code null}: any method
	 * @param route what to serve it with, or {@code null} if the direct path does not
	 * take it (and must leave every request it might match)
	 */
	private record Entry(int order, Predicate<PathContainer> paths, Predicate<String> methods, DirectRoute route) {

	}

	/** For the log: how many routes the direct path serves. */
	long directCount() {
		return this.entries.stream().filter((entry) -> entry.route != null).count();
	}

}

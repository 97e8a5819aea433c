package io.monkeyfleet.monkey.admin;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.model.RoutePredicate;
import io.monkeyfleet.ssrf.RouteCheck;
import io.monkeyfleet.store.FleetStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.pattern.PathPatternParser;
import org.springframework.web.util.pattern.PatternParseException;

/**
 * The gateways' routes. A route is stored only if the gateways would serve it: its
 * predicates parse (as the gateways' {@code Path} predicate parses them), its pool
 * exists, and its filters are allowed and point nowhere the address guard refuses — the
 * same {@link RouteCheck} the gateways apply. Every change is an event naming the
 * operator, and reaches the gateways through the change channel.
 */
@RestController
@RequestMapping("/api/routes")
@Tag(name = "routes", description = "the gateways' routes")
class RoutesController {

	private final FleetStore store;

	private final RouteCheck check;

	RoutesController(FleetStore store, RouteCheck check) {
		this.store = store;
		this.check = check;
	}

	@GetMapping
	@Operation(summary = "Every route, in id order")
	List<Route> routes() {
		return this.store.routes();
	}

	@GetMapping("/{route}")
	@Operation(summary = "One route")
	Route route(@PathVariable String route) {
		return find(route).orElseThrow(() -> unknown(route));
	}

	@PostMapping
	@Operation(summary = "Create a route (operator); 409 if its id is taken")
	ResponseEntity<Route> create(@Valid @RequestBody RouteBody body, Authentication operator) {
		if (body.id() == null) {
			throw new AdminExceptions.InvalidRequest("id must not be null");
		}
		Route route = validated(body.id(), body);
		if (find(route.id()).isPresent()) {
			throw new AdminExceptions.AlreadyExists(
					"route '" + route.id() + "' exists already; change it with PUT /api/routes/" + route.id());
		}
		this.store.saveRoute(route, "operator:" + operator.getName());
		return ResponseEntity.created(URI.create("/api/routes/" + route.id())).body(route);
	}

	@PutMapping("/{route}")
	@Operation(summary = "Change a route (operator); 404 if it does not exist")
	Route update(@PathVariable String route, @Valid @RequestBody RouteBody body, Authentication operator) {
		if (body.id() != null && !body.id().equals(route)) {
			throw new AdminExceptions.InvalidRequest(
					"the body's id '" + body.id() + "' is not the path's '" + route + "'; a route cannot be renamed");
		}
		find(route).orElseThrow(() -> unknown(route));
		Route updated = validated(route, body);
		this.store.saveRoute(updated, "operator:" + operator.getName());
		return updated;
	}

	@DeleteMapping("/{route}")
	@Operation(summary = "Delete a route (operator)")
	ResponseEntity<Void> delete(@PathVariable String route, Authentication operator) {
		if (!Names.valid(route) || !this.store.deleteRoute(route, "operator:" + operator.getName())) {
			throw unknown(route);
		}
		return ResponseEntity.noContent().build();
	}

	private Optional<Route> find(String id) {
		return Names.valid(id) ? this.store.routes().stream().filter((route) -> route.id().equals(id)).findFirst()
				: Optional.empty();
	}

	private Route validated(String id, RouteBody body) {
		Route route;
		try {
			route = new Route(id,
					body.predicates().stream().map((p) -> new RoutePredicate(p.kind(), p.pattern())).toList(),
					(body.filters() != null) ? body.filters()
						.stream()
						.map((f) -> new RouteFilter(f.name(), (f.args() != null) ? f.args() : Map.of()))
						.toList() : List.of(),
					body.pool(), (body.order() != null) ? body.order() : 0);
		}
		catch (IllegalArgumentException ex) {
			throw new AdminExceptions.InvalidRequest(ex.getMessage());
		}
		for (RoutePredicate predicate : route.predicates()) {
			if (predicate.kind() == RoutePredicate.Kind.PATH) {
				try {
					PathPatternParser.defaultInstance.parse(predicate.pattern());
				}
				catch (PatternParseException ex) {
					throw new AdminExceptions.InvalidRequest(
							"path pattern '" + predicate.pattern() + "' does not parse: " + ex.getMessage());
				}
			}
		}
		if (this.store.pool(route.pool()).isEmpty()) {
			throw new AdminExceptions.InvalidRequest("pool '" + route.pool()
					+ "' does not exist; define it first (PUT /api/pools/" + route.pool() + ")");
		}
		this.check.refusal(route).ifPresent((refusal) -> {
			throw new AdminExceptions.InvalidRequest("the gateways would refuse this route: " + refusal);
		});
		return route;
	}

	private static AdminExceptions.NotFound unknown(String route) {
		return new AdminExceptions.NotFound("route", route, "no route '" + route + "' exists");
	}

	/**
	 * @param id the route's id (for a create; a change takes it from the path)
	 * @param predicates all must match a request for the route to take it
	 * @param filters applied in order; Spring Cloud Gateway filter names
	 * @param pool the pool whose nodes serve it; must exist
	 * @param order lower wins when several routes match
	 */
	record RouteBody(@Pattern(regexp = Names.NAME) String id,
			@NotEmpty @Size(max = 16) List<@NotNull @Valid PredicateBody> predicates,
			@Size(max = 16) List<@NotNull @Valid FilterBody> filters,
			@NotNull @Pattern(regexp = Names.NAME) String pool, @Min(-100_000) @Max(100_000) Integer order) {
	}

	/**
	 * @param kind PATH, HOST or METHOD
	 * @param pattern an Ant-style path, a host pattern, or comma-separated methods
	 */
	record PredicateBody(@NotNull RoutePredicate.Kind kind, @NotBlank @Size(max = 512) String pattern) {
	}

	/**
	 * @param name the filter factory's short name, such as {@code StripPrefix}
	 * @param args its arguments by name
	 */
	record FilterBody(@NotNull @Pattern(regexp = Names.NAME) String name,
			@Size(max = 16) Map<@Pattern(regexp = Names.NAME) String, @NotNull @Size(max = 512) String> args) {
	}

}

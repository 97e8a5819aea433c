package io.monkeyfleet.gateway.traffic;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.model.RoutePredicate;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which requests the direct path takes: only those whose route it serves the same way
 * Spring Cloud Gateway would, and none that another route could take first.
 */
class DirectRoutesTests {

	private static final RouteFilter STRIP_ONE = new RouteFilter("StripPrefix", Map.of("parts", "1"));

	@Test
	void takesAPathRouteWithItsPoolAndStripPrefix() {
		DirectRoutes routes = DirectRoutes
			.of(List.of(route("web", 0, List.of(RoutePredicate.path("/web/**")), STRIP_ONE)), List.of());

		assertThat(routes.match("GET", "/web/a/b")).isEqualTo(new DirectRoutes.DirectRoute("web", "pool-web", 1));
		assertThat(routes.match("GET", "/web")).isNotNull();
		assertThat(routes.match("GET", "/other")).isNull();
	}

	@Test
	void matchesPathsAsSpringCloudGatewayDoes() {
		DirectRoutes routes = DirectRoutes
			.of(List.of(route("api", 0, List.of(RoutePredicate.path("/api/{version}/items/*")))), List.of());

		assertThat(routes.match("GET", "/api/v1/items/7")).isNotNull();
		assertThat(routes.match("GET", "/api/v1/items/7/x")).isNull();
		// Spring's PathPattern: no optional trailing slash (Spring Framework 7).
		assertThat(routes.match("GET", "/api/v1/items/7/")).isNull();
		assertThat(routes.match("GET", "/api/v1%2Fitems/7")).isNull();
	}

	@Test
	void honoursMethodPredicates() {
		DirectRoutes routes = DirectRoutes.of(List.of(route("reads", 0,
				List.of(RoutePredicate.path("/r/**"), new RoutePredicate(RoutePredicate.Kind.METHOD, "GET, HEAD")))),
				List.of());

		assertThat(routes.match("HEAD", "/r/x")).isNotNull();
		assertThat(routes.match("DELETE", "/r/x")).isNull();
	}

	@Test
	void leavesARequestToTheGatewayWhenARouteItDoesNotServeMayMatchFirst() {
		Route hostRoute = route("host", 0,
				List.of(RoutePredicate.path("/web/**"), RoutePredicate.host("*.example.com")));
		Route rewriting = new Route("rewrite", List.of(RoutePredicate.path("/web/special/**")),
				List.of(new RouteFilter("AddRequestHeader", Map.of("name", "X-A", "value", "b"))), "web", 1);
		Route plain = route("web", 2, List.of(RoutePredicate.path("/web/**")), STRIP_ONE);
		DirectRoutes routes = DirectRoutes.of(List.of(hostRoute, rewriting, plain), List.of());

		// The host route comes first and might match any /web/ request.
		assertThat(routes.match("GET", "/web/a")).isNull();

		DirectRoutes withoutHost = DirectRoutes.of(List.of(rewriting, plain), List.of());
		assertThat(withoutHost.match("GET", "/web/special/x")).as("the rewriting route takes it first").isNull();
		assertThat(withoutHost.match("GET", "/web/a")).as("the rewriting route cannot match it").isNotNull();
	}

	@Test
	void leavesRequestsAConfiguredRouteMayTakeToTheGatewayEvenAtTheSameOrder() {
		RouteDefinition configured = new RouteDefinition();
		configured.setId("plain");
		configured.setUri(URI.create("http://127.0.0.1:8081"));
		PredicateDefinition path = new PredicateDefinition();
		path.setName("Path");
		path.setArgs(Map.of("_genkey_0", "/plain/**"));
		configured.setPredicates(List.of(path));
		DirectRoutes routes = DirectRoutes.of(List.of(route("all", 0, List.of(RoutePredicate.path("/**")))),
				List.of(configured));

		assertThat(routes.match("GET", "/plain/x")).isNull();
		assertThat(routes.match("GET", "/t/x")).isNotNull();
	}

	@Test
	void leavesRoutesWithFiltersItDoesNotApplyOrArgumentsItCannotRead() {
		for (RouteFilter filter : List.of(new RouteFilter("SetPath", Map.of("template", "/x")),
				new RouteFilter("StripPrefix", Map.of("parts", "two")),
				new RouteFilter("StripPrefix", Map.of("parts", "-1")))) {
			DirectRoutes routes = DirectRoutes
				.of(List.of(route("web", 0, List.of(RoutePredicate.path("/w/**")), filter)), List.of());
			assertThat(routes.match("GET", "/w/x")).as(filter.toString()).isNull();
		}
		assertThat(DirectRoutes.NONE.match("GET", "/")).isNull();
	}

	@Test
	void stripsPrefixesAsSpringCloudGatewayDoes() {
		assertThat(DirectRoutes.stripPrefix("/t/", 1)).isEqualTo("/");
		assertThat(DirectRoutes.stripPrefix("/t", 1)).isEqualTo("/");
		assertThat(DirectRoutes.stripPrefix("/t/a/b", 1)).isEqualTo("/a/b");
		assertThat(DirectRoutes.stripPrefix("/t/a/b/", 1)).isEqualTo("/a/b/");
		assertThat(DirectRoutes.stripPrefix("/t//a", 1)).isEqualTo("/a");
		assertThat(DirectRoutes.stripPrefix("/a/b/c", 2)).isEqualTo("/c");
		assertThat(DirectRoutes.stripPrefix("/a/b%20c", 1)).isEqualTo("/b%20c");
		assertThat(DirectRoutes.stripPrefix("/a/b", 0)).isEqualTo("/a/b");
	}

	private static Route route(String id, int order, List<RoutePredicate> predicates, RouteFilter... filters) {
		return new Route(id, predicates, List.of(filters), "pool-" + id, order);
	}

}

package io.monkeyfleet.gateway.routing;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.monkeyfleet.gateway.ssrf.SsrfProperties;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.model.RoutePredicate;
import org.junit.jupiter.api.Test;

import org.springframework.cloud.gateway.route.RouteDefinition;

import static org.assertj.core.api.Assertions.assertThat;

class RouteTranslatorTests {

	private final RouteTranslator translator = new RouteTranslator(Set.of("StripPrefix", "AddRequestHeader"),
			new SsrfProperties(List.of("0.0.0.0/0", "::/0"), List.of("169.254.0.0/16"), false, List.of("1-65535"))
				.guard((host) -> {
					throw new java.net.UnknownHostException(host);
				}));

	private static Route route(String pool, RouteFilter... filters) {
		return new Route("api", List.of(RoutePredicate.path("/api/{a,b}/**"), RoutePredicate.host("*.example.com"),
				new RoutePredicate(RoutePredicate.Kind.METHOD, "GET, POST")), List.of(filters), pool, 3);
	}

	@Test
	void aimsTheRouteAtItsPoolThroughTheLoadBalancerWithItsPredicatesAndFilters() {
		RouteDefinition definition = this.translator
			.definition(route("web", new RouteFilter("StripPrefix", Map.of("parts", "1"))));

		assertThat(definition.getUri()).isEqualTo(URI.create("lb://web"));
		assertThat(definition.getOrder()).isEqualTo(3);
		assertThat(definition.getPredicates()).extracting((p) -> p.getName() + p.getArgs().values())
			.containsExactly("Path[/api/{a,b}/**]", "Host[*.example.com]", "Method[GET, POST]");
		assertThat(definition.getFilters()).singleElement()
			.satisfies((filter) -> assertThat(filter.getArgs()).containsEntry("parts", "1"));
	}

	@Test
	void acceptsAllowedFiltersWithPlainArguments() {
		assertThat(this.translator
			.refusal(route("web", new RouteFilter("AddRequestHeader", Map.of("name", "X-A", "value", "b"))))).isEmpty();
	}

	@Test
	void refusesAFilterThatIsNotAllowed() {
		assertThat(this.translator
			.refusal(route("web", new RouteFilter("SetRequestUri", Map.of("template", "http://10.0.0.1/")))))
			.hasValueSatisfying((why) -> assertThat(why).contains("'SetRequestUri' is not in"));
	}

	@Test
	void refusesAnArgumentHoldingAFileUriOrAMetadataAddress() {
		assertThat(this.translator.refusal(
				route("web", new RouteFilter("AddRequestHeader", Map.of("name", "X", "value", "file:///etc/passwd")))))
			.hasValueSatisfying((why) -> assertThat(why).contains("file:///etc/passwd").contains("scheme 'file:'"));
		assertThat(this.translator.refusal(route("web",
				new RouteFilter("AddRequestHeader", Map.of("name", "X", "value", "http://169.254.169.254/latest")))))
			.isPresent();
	}

	@Test
	void refusesAPoolNameThatCannotBeALoadBalancerHost() {
		assertThat(this.translator.refusal(route("my_pool")))
			.hasValueSatisfying((why) -> assertThat(why).contains("'_'"));
	}

}

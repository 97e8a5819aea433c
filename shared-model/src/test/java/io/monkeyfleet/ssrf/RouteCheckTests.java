package io.monkeyfleet.ssrf;

import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.model.RoutePredicate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RouteCheckTests {

	private final RouteCheck check = new RouteCheck(Set.copyOf(RouteCheck.DEFAULT_ALLOWED_FILTERS), "allowed-filters",
			new AddressRules(List.of("0.0.0.0/0", "::/0"), AddressRules.DEFAULT_DENIED_NETWORKS, false,
					List.of("1-65535"))
				.guard((host) -> {
					throw new UnknownHostException(host);
				}));

	@Test
	void refusesASpelExpressionInAFilterArgument() {
		assertThat(this.check.refusal(route(new RouteFilter("SetRequestHeader",
				Map.of("name", "X-A", "value", "#{T(java.lang.Runtime).getRuntime().exec('true')}")))))
			.hasValueSatisfying((why) -> assertThat(why).contains("SpEL"));
	}

	@Test
	void refusesAFileUriAndServesAPlainRewrite() {
		assertThat(this.check
			.refusal(route(new RouteFilter("AddRequestHeader", Map.of("name", "X-A", "value", "file:///etc/passwd")))))
			.hasValueSatisfying((why) -> assertThat(why).contains("file:///etc/passwd"));
		assertThat(this.check.refusal(route(new RouteFilter("StripPrefix", Map.of("parts", "1"))))).isEmpty();
	}

	private static Route route(RouteFilter filter) {
		return new Route("r", List.of(RoutePredicate.path("/r/**")), List.of(filter), "web", 0);
	}

}

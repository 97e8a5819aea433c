package io.monkeyfleet.gateway.guard;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;

import io.monkeyfleet.store.FleetCodec;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

class RequestGuardFilterTests {

	private final RequestGuardFilter filter = new RequestGuardFilter(new RequestLimitsProperties(100),
			new FleetCodec());

	@Test
	void passesAnOrdinaryRequestOn() {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/web/a.b?x=1");
		for (int i = 0; i < 99; i++) {
			request.header("X-H-" + i, "v");
		}
		Outcome outcome = run(MockServerWebExchange.from(request));
		assertThat(outcome.forwarded).isTrue();
		assertThat(outcome.exchange.getResponse().getStatusCode()).isNull();
	}

	@Test
	void refusesMoreHeaderFieldsThanTheLimitWith431Problem() {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/");
		for (int i = 0; i < 300; i++) {
			request.header("X-Many-" + i, Integer.toString(i));
		}
		Outcome outcome = run(MockServerWebExchange.from(request));
		assertThat(outcome.forwarded).isFalse();
		assertThat(outcome.exchange.getResponse().getStatusCode())
			.isEqualTo(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
		assertThat(outcome.exchange.getResponse().getHeaders().getContentType())
			.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(outcome.exchange.getResponse().getBodyAsString().block())
			.isEqualTo("{\"type\":\"about:blank\",\"title\":\"Request Header Fields Too Large\",\"status\":431,"
					+ "\"detail\":\"The request carries 300 header fields; this gateway takes at most 100. "
					+ "Nothing was forwarded.\"}");
	}

	@Test
	void countsEveryRepetitionOfAName() {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/");
		for (int i = 0; i < 101; i++) {
			request.header("X-Same", "v" + i);
		}
		Outcome outcome = run(MockServerWebExchange.from(request));
		assertThat(outcome.exchange.getResponse().getStatusCode())
			.isEqualTo(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE);
	}

	@Test
	void refusesDotSegmentsAndEncodedSlashesWith400Problem() {
		for (String path : new String[] { "/actuator/health/../env", "/web/%2e%2e/admin", "/web/a%2Fb" }) {
			// As sent: get(String) would encode the template's '%' again.
			Outcome outcome = run(MockServerWebExchange
				.from(MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://localhost" + path))));
			assertThat(outcome.forwarded).as(path).isFalse();
			assertThat(outcome.exchange.getResponse().getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(outcome.exchange.getResponse().getHeaders().getContentType()).as(path)
				.isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat(outcome.exchange.getResponse().getBodyAsString().block()).as(path)
				.startsWith("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,")
				.doesNotContain("Exception");
		}
	}

	@Test
	void theLimitIsValidatedAtStartUp() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
			.withUserConfiguration(GuardConfiguration.class)
			.withBean(FleetCodec.class);
		runner.run((context) -> assertThat(context.getBean(RequestLimitsProperties.class).maxHeaders()).isEqualTo(100));
		runner.withPropertyValues("monkeyfleet.gateway.requests.max-headers=250")
			.run((context) -> assertThat(context.getBean(RequestLimitsProperties.class).maxHeaders()).isEqualTo(250));
		runner.withPropertyValues("monkeyfleet.gateway.requests.max-headers=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("monkeyfleet.gateway.requests.max-headers"));
	}

	private Outcome run(MockServerWebExchange exchange) {
		AtomicBoolean forwarded = new AtomicBoolean();
		WebFilterChain chain = (passed) -> {
			forwarded.set(true);
			return Mono.empty();
		};
		this.filter.filter(exchange, chain).block();
		return new Outcome(exchange, forwarded.get());
	}

	private record Outcome(MockServerWebExchange exchange, boolean forwarded) {

	}

}

package io.monkeyfleet.agent.web;

import java.nio.charset.StandardCharsets;

import io.monkeyfleet.http.RequestPaths;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses paths with an encoded slash or a dot segment ({@code /actuator/health/a%2Fb},
 * {@code /actuator/health/../env}) with a 400 problem document before the actuator sees
 * them: its health endpoint answers those with a 500 and a stack trace in the log. The
 * rule is shared-model's {@link RequestPaths}, which the gateway applies too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class MalformedPathFilter implements WebFilter {

	private static final byte[] PROBLEM = ("{\"type\":\"urn:monkeyfleet:problem:http-400\",\"title\":\"Bad Request\","
			+ "\"status\":400,\"detail\":\"the request's path is not acceptable; nothing was done\"}")
		.getBytes(StandardCharsets.UTF_8);

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String raw = exchange.getRequest().getURI().getRawPath();
		if (!RequestPaths.malformed(raw)) {
			return chain.filter(exchange);
		}
		var response = exchange.getResponse();
		response.setStatusCode(HttpStatus.BAD_REQUEST);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(PROBLEM)));
	}

}

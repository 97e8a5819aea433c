package io.monkeyfleet.gateway.traffic;

import java.nio.charset.StandardCharsets;

import io.monkeyfleet.store.FleetCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers every failure the gateway itself produces with an RFC 9457 problem body
 * ({@code application/problem+json}), never a stack trace: 503 when no node can take the
 * request, 502 when the node could not be reached (after the retry, if any), 504 when it
 * did not answer in time, 404 when no route matches (503 while the gateway has no view of
 * the fleet at all). Runs before Spring Boot's error handler.
 */
final class GatewayProblemHandler implements WebExceptionHandler, Ordered {

	private static final Logger logger = LoggerFactory.getLogger(GatewayProblemHandler.class);

	private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

	private final FleetCodec codec;

	private final java.util.function.BooleanSupplier hasView;

	/**
	 * @param hasView whether the gateway has a view of the fleet (from Redis or its
	 * snapshot file): without one, "no route matches" is not known, so the answer is 503
	 */
	GatewayProblemHandler(FleetCodec codec, java.util.function.BooleanSupplier hasView) {
		this.codec = codec;
		this.hasView = hasView;
	}

	@Override
	public int getOrder() {
		return -2;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			// Part of the answer is on its way: the connection is closed, as it must be.
			return Mono.error(error);
		}
		HttpStatusCode status = Problems.statusOf(error);
		String detail = detail(exchange, error, status);
		if (status.value() == 404 && !this.hasView.getAsBoolean()) {
			// Not ready (Redis unreachable since start and no snapshot file): no route is
			// known yet, which says nothing about whether this one exists.
			status = HttpStatus.SERVICE_UNAVAILABLE;
			detail = "The gateway has no view of the fleet yet (Redis unreachable and no snapshot file); "
					+ "it routes nothing until it has one";
		}
		if (status.value() == 500) {
			logger.error("Failed to handle {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
					error);
		}
		byte[] bytes = Problems.body(this.codec, status, detail, exchange.getRequest().getPath().value())
			.getBytes(StandardCharsets.UTF_8);
		response.setStatusCode(status);
		response.getHeaders().setContentType(PROBLEM_JSON);
		response.getHeaders().setContentLength(bytes.length);
		if (status.value() == 503) {
			response.getHeaders().set("Retry-After", "1");
		}
		DataBuffer buffer = response.bufferFactory().wrap(bytes);
		return response.writeWith(Mono.just(buffer));
	}

	private static String detail(ServerWebExchange exchange, Throwable error, HttpStatusCode status) {
		return Problems.detail(error, status, pool(exchange),
				exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath());
	}

	private static String pool(ServerWebExchange exchange) {
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		return (route != null && route.getUri() != null && route.getUri().getHost() != null) ? route.getUri().getHost()
				: "?";
	}

}

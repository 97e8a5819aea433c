package io.monkeyfleet.gateway.guard;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.monkeyfleet.http.RequestPaths;
import io.monkeyfleet.store.FleetCodec;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses, before routing and before the actuator, requests the gateway must not pass on:
 * <ul>
 * <li>more header fields than {@code monkeyfleet.gateway.requests.max-headers}:
 * {@code 431 Request Header Fields Too Large}. Forwarded, they reached a node that
 * dropped the connection, and the client saw a {@code 502} that blamed a healthy node
 * (and counted towards its ejection);</li>
 * <li>a path with a dot segment or an encoded slash, backslash, dot or NUL
 * (shared-model's {@link RequestPaths}, the agent's rule too): {@code 400}. The actuator
 * answered {@code /actuator/health/../env} with a 500, and a node might resolve such a
 * path to something the route never meant to expose.</li>
 * </ul>
 * Both answers are RFC 9457 problem bodies, shaped like every other answer of the
 * gateway.
 */
public final class RequestGuardFilter implements WebFilter, Ordered {

	private final int maxHeaders;

	private final FleetCodec codec;

	public RequestGuardFilter(RequestLimitsProperties limits, FleetCodec codec) {
		this.maxHeaders = limits.maxHeaders();
		this.codec = codec;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		int headers = headerCount(request);
		if (headers > this.maxHeaders) {
			return refuse(exchange, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "The request carries " + headers
					+ " header fields; this gateway takes at most " + this.maxHeaders + ". Nothing was forwarded.");
		}
		if (RequestPaths.malformed(request.getURI().getRawPath())) {
			return refuse(exchange, HttpStatus.BAD_REQUEST, "The request's path has a dot segment or an encoded "
					+ "slash, backslash, dot or NUL, which no route takes. Nothing was forwarded.");
		}
		return chain.filter(exchange);
	}

	/**
	 * Every header field, each repetition of a name counted. Reactor Netty keeps each
	 * field as one entry, so its count costs nothing on this per-request path; another
	 * server's request has its values counted.
	 */
	private static int headerCount(ServerHttpRequest request) {
		Object nativeRequest;
		try {
			nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			// No server behind it (a test's mock request): count its values below.
			nativeRequest = null;
		}
		if (nativeRequest instanceof HttpServerRequest netty) {
			return netty.requestHeaders().size();
		}
		return request.getHeaders().headerSet().stream().mapToInt((header) -> header.getValue().size()).sum();
	}

	private Mono<Void> refuse(ServerWebExchange exchange, HttpStatus status, String detail) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", "about:blank");
		body.put("title", status.getReasonPhrase());
		body.put("status", status.value());
		body.put("detail", detail);
		byte[] bytes = this.codec.encode(body).getBytes(StandardCharsets.UTF_8);
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setContentLength(bytes.length);
		// The request may still be arriving (a body nobody reads): do not keep the
		// connection for another.
		response.getHeaders().set("Connection", "close");
		return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
	}

}

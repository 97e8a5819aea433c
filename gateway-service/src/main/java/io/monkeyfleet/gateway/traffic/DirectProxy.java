package io.monkeyfleet.gateway.traffic;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

import io.micrometer.core.instrument.MeterRegistry;
import io.monkeyfleet.gateway.balancing.FleetServiceInstance;
import io.monkeyfleet.gateway.balancing.FleetServiceInstanceListSupplier;
import io.monkeyfleet.gateway.balancing.Ticker;
import io.monkeyfleet.gateway.outlier.OutlierDetector;
import io.monkeyfleet.gateway.traffic.DirectRoutes.DirectRoute;
import io.monkeyfleet.http.RequestPaths;
import io.monkeyfleet.store.FleetCodec;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.gateway.support.NotFoundException;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;

/**
 * The gateway's hot path: serves a request on a fleet route straight on Reactor Netty,
 * the same server and the same HTTP client Spring Cloud Gateway uses, without building a
 * WebFlux exchange and running the gateway's filter chain for it (that machinery is most
 * of a proxied request's CPU; docs/benchmarks.md). It takes a request only when the
 * answer is the same either way:
 * <ul>
 * <li>its route is one {@link DirectRoutes} serves (paths and methods,
 * {@code StripPrefix} at most) and no other route could take it first;</li>
 * <li>it has no body and asks for no protocol upgrade (writes and WebSockets keep Spring
 * Cloud Gateway's handling, with its filters and size limits);</li>
 * <li>the request guard would let it through (too many headers, a malformed path) and it
 * is not for the actuator;</li>
 * <li>no trusted proxies are configured: then Spring Cloud Gateway writes
 * {@code X-Forwarded-*} headers, which this path does not.</li>
 * </ul>
 * Everything else goes on to Spring Cloud Gateway. What it does is the gateway's: the
 * node is chosen by the pool's Spring Cloud LoadBalancer, each attempt is a {@link Call}
 * (in flight, latency, outliers), an idempotent request that got no answer is sent to
 * another node at most twice, the route's meters record it, hop-by-hop and forwarding
 * headers are dropped as Spring Cloud Gateway drops them, and a failure is answered with
 * the same problem body as {@link GatewayProblemHandler}'s.
 */
final class DirectProxy implements BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> {

	/** The first attempt and at most two retries, as {@link NodeCallFilter}. */
	private static final int MAX_ATTEMPTS = 3;

	/**
	 * Never forwarded either way (RFC 9110 section 7.6.1, and Spring Cloud Gateway's
	 * list), with the forwarding headers it drops when no proxy is trusted.
	 */
	private static final Set<String> REQUEST_HEADERS_DROPPED = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
			"forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-port", "x-forwarded-proto",
			"x-forwarded-prefix");

	private static final Set<String> RESPONSE_HEADERS_DROPPED = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

	private static final Logger logger = LoggerFactory.getLogger(DirectProxy.class);

	private final HttpClient client;

	private final Duration responseTimeout;

	/** The lean client for plain nodes; null when the configuration asks for more. */
	private final NodeClient nodeClient;

	private final LoadBalancerClientFactory balancerFactory;

	private final ConcurrentMap<String, ReactorServiceInstanceLoadBalancer> balancers = new ConcurrentHashMap<>();

	private final NodeStatsRegistry stats;

	private final RouteStats routeStats;

	private final OutlierDetector outliers;

	private final Ticker ticker;

	private final MeterRegistry registry;

	private final FleetCodec codec;

	private final Settings settings;

	private volatile DirectRoutes routes = DirectRoutes.NONE;

	/**
	 * What the direct path must agree with.
	 *
	 * @param managementBasePath requests under it are the actuator's
	 * @param maxHeaders the request guard's limit
	 * @param idempotentMethods retried on another node when they get no answer
	 * @param idempotencyHeader a request carrying it counts as idempotent
	 */
	record Settings(String managementBasePath, int maxHeaders, List<String> idempotentMethods,
			String idempotencyHeader) {

		Settings {
			idempotentMethods = idempotentMethods.stream().map((method) -> method.toUpperCase(Locale.ROOT)).toList();
		}

	}

	DirectProxy(HttpClient client, Duration responseTimeout, NodeClient nodeClient,
			LoadBalancerClientFactory balancerFactory, NodeStatsRegistry stats, RouteStats routeStats,
			OutlierDetector outliers, Ticker ticker, MeterRegistry registry, FleetCodec codec, Settings settings) {
		this.client = client;
		this.responseTimeout = responseTimeout;
		this.nodeClient = nodeClient;
		this.balancerFactory = balancerFactory;
		this.stats = stats;
		this.routeStats = routeStats;
		this.outliers = outliers;
		this.ticker = ticker;
		this.registry = registry;
		this.codec = codec;
		this.settings = settings;
	}

	/** Takes the routes of a new routing view. */
	void routesChanged(DirectRoutes routes) {
		this.routes = routes;
		logger.debug("Direct path: {} route(s)", routes.directCount());
	}

	/** Whether this request is the direct path's (see the class comment). */
	boolean takes(HttpServerRequest request) {
		String uri = request.uri();
		if (!plainTarget(uri)) {
			// An absolute-form target, characters a URI may not hold, a broken
			// percent-encoding: the framework's to judge and answer.
			return false;
		}
		HttpHeaders headers = request.requestHeaders();
		if (hasBody(headers) || headers.contains(HttpHeaderNames.UPGRADE)
				|| headers.size() > this.settings.maxHeaders()) {
			return false;
		}
		String rawPath = rawPath(uri);
		if (underManagement(rawPath) || RequestPaths.malformed(rawPath)) {
			return false;
		}
		return this.routes.match(request.method().name(), rawPath) != null;
	}

	@Override
	public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
		String rawPath = rawPath(request.uri());
		DirectRoute route = this.routes.match(request.method().name(), rawPath);
		if (route == null) {
			// The routes changed between the test and now: rare, and safe to try again.
			return answer(response, 503, "The gateway's routes changed while this request arrived; try again", rawPath);
		}
		Exchange exchange = new Exchange(request, response, route, rawPath, this.routeStats.of(route.id()));
		return attempt(exchange, Set.of(), 1).onErrorResume((error) -> {
			exchange.error = error;
			if (response.hasSentHeaders()) {
				// Part of the answer is on its way: the connection is closed, as it must
				// be.
				return Mono.error(error);
			}
			return answer(response, error, route.pool(), rawPath);
		}).doFinally(exchange::end);
	}

	private Mono<Void> attempt(Exchange exchange, Set<String> excluded, int attempt) {
		return choose(exchange.route.pool(), excluded).flatMap((chosen) -> {
			if (chosen.isEmpty()) {
				return Mono.error(NotFoundException.create(false,
						"No node of pool '" + exchange.route.pool() + "' can take requests now"));
			}
			FleetServiceInstance node = chosen.get();
			Call call = new Call(this.stats.of(node.nodeId(), node.pool()), this.outliers, this.ticker);
			exchange.calls.add(call);
			return forward(exchange, node).onErrorResume(NoAnswer.class, (noAnswer) -> {
				Throwable error = noAnswer.getCause();
				Failure failure = Failure.of(error);
				call.failed(failure, Failure.describe(error));
				if (attempt < MAX_ATTEMPTS && failure.retryable() && idempotent(exchange.request)
						&& !exchange.response.hasSentHeaders()) {
					return retry(exchange, excluded, node, failure, error, attempt);
				}
				return Mono.error(error);
			});
		});
	}

	private Mono<Void> retry(Exchange exchange, Set<String> excluded, FleetServiceInstance failed, Failure failure,
			Throwable error, int attempt) {
		Set<String> more = new HashSet<>(excluded);
		more.add(failed.nodeId());
		return choose(failed.pool(), more).flatMap((next) -> {
			if (next.isEmpty()) {
				logger.debug("No other node of pool '{}' to retry on after {}", failed.pool(), failure);
				return Mono.error(error);
			}
			failure.countRetry(this.registry, failed.pool());
			return attempt(exchange, Set.copyOf(more), attempt + 1);
		});
	}

	/**
	 * A node of the pool from its Spring Cloud LoadBalancer, the nodes already failed on
	 * left out; empty if there is none.
	 */
	private Mono<Optional<FleetServiceInstance>> choose(String pool, Set<String> excluded) {
		ReactorServiceInstanceLoadBalancer balancer = this.balancers.computeIfAbsent(pool,
				(name) -> this.balancerFactory.getInstance(name, ReactorServiceInstanceLoadBalancer.class));
		if (balancer == null) {
			return Mono.just(Optional.empty());
		}
		Map<String, Object> attributes = excluded.isEmpty() ? Map.of()
				: Map.of(FleetServiceInstanceListSupplier.EXCLUDED_NODES_ATTRIBUTE, excluded);
		DefaultRequest<RequestDataContext> request = new DefaultRequest<>(
				new RequestDataContext(new RequestData(HttpMethod.GET, null, null, null, attributes), "default"));
		return balancer.choose(request)
			.map((response) -> (response.getServer() instanceof FleetServiceInstance node) ? Optional.of(node)
					: Optional.<FleetServiceInstance>empty())
			.defaultIfEmpty(Optional.empty());
	}

	/**
	 * Sends the request to the node and its answer to the client. Fails with
	 * {@link NoAnswer} when the node gave none (no status line within the response
	 * timeout), which may be retried; any later failure as it is.
	 */
	private Mono<Void> forward(Exchange exchange, FleetServiceInstance node) {
		if (this.nodeClient == null) {
			return forwardThroughReactorNetty(exchange, node);
		}
		DefaultHttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, exchange.request.method(),
				pathAndQuery(exchange));
		HttpHeaders headers = request.headers();
		headers.set(HttpHeaderNames.HOST, node.authority());
		copyHeaders(exchange.request.requestHeaders(), headers, REQUEST_HEADERS_DROPPED);
		// What Reactor Netty's client sends when the client did not say: both paths
		// send the node the same request.
		if (!headers.contains(HttpHeaderNames.USER_AGENT)) {
			headers.set(HttpHeaderNames.USER_AGENT, HttpClient.USER_AGENT);
		}
		if (!headers.contains(HttpHeaderNames.ACCEPT)) {
			headers.set(HttpHeaderNames.ACCEPT, "*/*");
		}
		Channel client = ((Connection) exchange.request).channel();
		return this.nodeClient.send(client, node.socketAddress(), request)
			.onErrorMap(NoAnswer::new)
			.flatMap((answer) -> relay(exchange, answer.head().status(), answer.head().headers(), answer.body()));
	}

	/** {@link #forward} through Spring Cloud Gateway's HTTP client. */
	private Mono<Void> forwardThroughReactorNetty(Exchange exchange, FleetServiceInstance node) {
		String target = "http://" + node.authority() + pathAndQuery(exchange);
		Mono<Answer> answer = this.client.request(exchange.request.method()).uri(target).send((outbound, body) -> {
			copyHeaders(exchange.request.requestHeaders(), outbound.requestHeaders(), REQUEST_HEADERS_DROPPED);
			return body;
		})
			.responseConnection((received, connection) -> Mono.just(new Answer(received, connection)))
			// Not next(), which cancels on the first element: the body is still to come.
			.single();
		if (this.responseTimeout != null) {
			answer = answer.timeout(this.responseTimeout, Mono.error(() -> new TimeoutException(
					"Response took longer than timeout: " + this.responseTimeout.toMillis() + "ms")));
		}
		return answer.onErrorMap(NoAnswer::new)
			.flatMap((received) -> relay(exchange, received.response.status(), received.response.responseHeaders(),
					received.connection.inbound().receive().retain()));
	}

	/** The node's answer to the client, less the headers a proxy does not pass on. */
	private static Mono<Void> relay(Exchange exchange, HttpResponseStatus status, HttpHeaders headers,
			Publisher<ByteBuf> body) {
		HttpServerResponse response = exchange.response;
		response.status(status);
		copyHeaders(headers, response.responseHeaders(), RESPONSE_HEADERS_DROPPED);
		return response.send(body).then();
	}

	/** The path the node is asked for (the route's prefix stripped), and the query. */
	private static String pathAndQuery(Exchange exchange) {
		String uri = exchange.request.uri();
		int query = uri.indexOf('?');
		String path = DirectRoutes.stripPrefix(exchange.rawPath, exchange.route.stripParts());
		return (query >= 0) ? path + uri.substring(query) : path;
	}

	/**
	 * Copies the headers a proxy passes on. The first value of each name replaces what
	 * the target already holds: the client's {@code User-Agent} and {@code Accept}
	 * replace the HTTP client's defaults, as in Spring Cloud Gateway.
	 */
	private static void copyHeaders(HttpHeaders from, HttpHeaders to, Set<String> dropped) {
		Set<String> named = connectionOptions(from);
		Set<String> copied = new HashSet<>();
		for (Map.Entry<String, String> header : from) {
			String name = header.getKey().toLowerCase(Locale.ROOT);
			if (dropped.contains(name) || named.contains(name)) {
				continue;
			}
			if (copied.add(name)) {
				to.set(header.getKey(), header.getValue());
			}
			else {
				to.add(header.getKey(), header.getValue());
			}
		}
	}

	/** The header names a {@code Connection} header lists: hop-by-hop too. */
	private static Set<String> connectionOptions(HttpHeaders headers) {
		List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
		if (connection.isEmpty()) {
			return Set.of();
		}
		Set<String> names = new HashSet<>();
		for (String value : connection) {
			for (String name : value.split(",")) {
				names.add(name.trim().toLowerCase(Locale.ROOT));
			}
		}
		return names;
	}

	private boolean idempotent(HttpServerRequest request) {
		return this.settings.idempotentMethods().contains(request.method().name())
				|| request.requestHeaders().contains(this.settings.idempotencyHeader());
	}

	private boolean underManagement(String rawPath) {
		String base = this.settings.managementBasePath();
		return rawPath.startsWith(base)
				&& (rawPath.length() == base.length() || rawPath.charAt(base.length()) == '/' || base.endsWith("/"));
	}

	/**
	 * Whether a request target is an origin-form path (and query) of only the characters
	 * RFC 3986 allows, with well-formed percent-encodings: what can be matched and sent
	 * on as it is.
	 */
	static boolean plainTarget(String uri) {
		if (uri.isEmpty() || uri.charAt(0) != '/') {
			return false;
		}
		for (int i = 0; i < uri.length(); i++) {
			char c = uri.charAt(i);
			if (c == '%') {
				if (i + 2 >= uri.length() || Character.digit(uri.charAt(i + 1), 16) < 0
						|| Character.digit(uri.charAt(i + 2), 16) < 0) {
					return false;
				}
				i += 2;
			}
			else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "-._~!$&'()*+,;=:@/?".indexOf(c) >= 0)) {
				return false;
			}
		}
		return true;
	}

	private static boolean hasBody(HttpHeaders headers) {
		if (headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			return true;
		}
		String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
		return length != null && !"0".equals(length.trim());
	}

	private static String rawPath(String uri) {
		int query = uri.indexOf('?');
		return (query >= 0) ? uri.substring(0, query) : uri;
	}

	private Mono<Void> answer(HttpServerResponse response, Throwable error, String pool, String rawPath) {
		HttpStatusCode status = Problems.statusOf(error);
		if (status.value() == 500) {
			logger.error("Failed to handle a request to {}", rawPath, error);
		}
		return answer(response, status.value(), Problems.detail(error, status, pool, rawPath), rawPath);
	}

	private Mono<Void> answer(HttpServerResponse response, int status, String detail, String rawPath) {
		byte[] body = Problems.body(this.codec, HttpStatusCode.valueOf(status), detail, rawPath)
			.getBytes(StandardCharsets.UTF_8);
		response.status(status)
			.header(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
			.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
		if (status == 503) {
			response.header(HttpHeaderNames.RETRY_AFTER, "1");
		}
		return response.sendByteArray(Mono.just(body)).then();
	}

	/** The node's status line and headers, and the connection its body comes on. */
	private record Answer(HttpClientResponse response, Connection connection) {

	}

	/** The node gave no answer to an attempt: the attempt may be retried. */
	private static final class NoAnswer extends RuntimeException {

		NoAnswer(Throwable cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

	/** One request's progress, ended once with what the client got. */
	private final class Exchange {

		final HttpServerRequest request;

		final HttpServerResponse response;

		final DirectRoute route;

		final String rawPath;

		final RouteStats.Route stats;

		final List<Call> calls = new ArrayList<>(1);

		final long startNanos;

		volatile Throwable error;

		Exchange(HttpServerRequest request, HttpServerResponse response, DirectRoute route, String rawPath,
				RouteStats.Route stats) {
			this.request = request;
			this.response = response;
			this.route = route;
			this.rawPath = rawPath;
			this.stats = stats;
			this.startNanos = DirectProxy.this.ticker.nanos();
			stats.inFlight.incrementAndGet();
		}

		void end(SignalType signal) {
			ExchangeCompletionFilter.ended(signal, this.error, () -> this.response.status().code(), this.calls,
					this.stats, DirectProxy.this.ticker.nanos() - this.startNanos);
		}

	}

}

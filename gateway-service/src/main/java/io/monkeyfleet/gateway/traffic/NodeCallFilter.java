package io.monkeyfleet.gateway.traffic;

import java.net.URI;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.monkeyfleet.gateway.balancing.FleetServiceInstance;
import io.monkeyfleet.gateway.balancing.FleetServiceInstanceListSupplier;
import io.monkeyfleet.gateway.balancing.Ticker;
import io.monkeyfleet.gateway.outlier.OutlierDetector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.LoadBalancerUriTools;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;

/**
 * Runs right after the load balancer chose a node: counts the request in flight to that
 * node, and when the node gives no answer at all (connection refused, or closed before
 * any response) tells the outlier detector and, for an idempotent request, sends it again
 * to another node chosen by the same load balancer: at most twice, never to a node it
 * already failed on. Nothing has reached the client at that point, so the client sees
 * only the last answer. (Once was not enough: a request in flight to a node that dies can
 * be retried onto a pooled connection that a busy backend has just closed.)
 */
final class NodeCallFilter implements GlobalFilter, Ordered {

	/** The first attempt and at most two retries. */
	private static final int MAX_ATTEMPTS = 3;

	private static final Logger logger = LoggerFactory.getLogger(NodeCallFilter.class);

	private final NodeStatsRegistry stats;

	private final OutlierDetector outliers;

	private final LoadBalancerClientFactory balancers;

	private final Set<String> idempotentMethods;

	private final String idempotencyHeader;

	private final Ticker ticker;

	private final MeterRegistry registry;

	NodeCallFilter(NodeStatsRegistry stats, OutlierDetector outliers, LoadBalancerClientFactory balancers,
			List<String> idempotentMethods, String idempotencyHeader, Ticker ticker, MeterRegistry registry) {
		this.stats = stats;
		this.outliers = outliers;
		this.balancers = balancers;
		this.idempotentMethods = Set.copyOf(idempotentMethods.stream().map((m) -> m.toUpperCase(Locale.ROOT)).toList());
		this.idempotencyHeader = idempotencyHeader;
		this.ticker = ticker;
		this.registry = registry;
	}

	@Override
	public int getOrder() {
		return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		Response<?> chosen = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
		if (chosen == null || !(chosen.getServer() instanceof FleetServiceInstance node)) {
			return chain.filter(exchange);
		}
		return attempt(exchange, chain, node, 1);
	}

	private Mono<Void> attempt(ServerWebExchange exchange, GatewayFilterChain chain, FleetServiceInstance node,
			int attempt) {
		Call call = new Call(this.stats.of(node.nodeId(), node.pool()), this.outliers, this.ticker);
		List<Call> calls = exchange.getAttribute(ExchangeCompletionFilter.CALLS_ATTRIBUTE);
		if (calls != null) {
			calls.add(call);
		}
		return chain.filter(exchange).onErrorResume((error) -> {
			Failure failure = Failure.of(error);
			call.failed(failure, Failure.describe(error));
			if (attempt < MAX_ATTEMPTS && failure.retryable() && idempotent(exchange.getRequest())
					&& !exchange.getResponse().isCommitted()) {
				return retry(exchange, chain, node, failure, error, attempt);
			}
			return Mono.error(error);
		});
	}

	private Mono<Void> retry(ServerWebExchange exchange, GatewayFilterChain chain, FleetServiceInstance failed,
			Failure failure, Throwable error, int attempt) {
		ReactorServiceInstanceLoadBalancer balancer = this.balancers.getInstance(failed.pool(),
				ReactorServiceInstanceLoadBalancer.class);
		if (balancer == null) {
			return Mono.error(error);
		}
		// Every node this request already failed on is excluded, not only the last one.
		Set<String> excluded = new HashSet<>();
		Object earlier = exchange.getAttribute(FleetServiceInstanceListSupplier.EXCLUDED_NODES_ATTRIBUTE);
		if (earlier instanceof Collection<?> nodes) {
			nodes.forEach((id) -> excluded.add(String.valueOf(id)));
		}
		excluded.add(failed.nodeId());
		exchange.getAttributes().put(FleetServiceInstanceListSupplier.EXCLUDED_NODES_ATTRIBUTE, Set.copyOf(excluded));
		DefaultRequest<RequestDataContext> request = new DefaultRequest<>(
				new RequestDataContext(new RequestData(exchange.getRequest(), exchange.getAttributes()), "default"));
		return balancer.choose(request)
			.map((response) -> Optional.ofNullable(response.getServer()))
			.defaultIfEmpty(Optional.empty())
			.flatMap((next) -> {
				if (next.isEmpty() || !(next.get() instanceof FleetServiceInstance other)) {
					logger.debug("No other node of pool '{}' to retry on after {}", failed.pool(), failure);
					return Mono.error(error);
				}
				failure.countRetry(this.registry, failed.pool());
				ServerWebExchangeUtils.reset(exchange);
				URI current = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
				URI target = LoadBalancerUriTools.reconstructURI(other, current);
				exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, target);
				exchange.getAttributes()
					.put(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR,
							new DefaultResponse((ServiceInstance) other));
				return attempt(exchange, chain, other, attempt + 1);
			});
	}

	private boolean idempotent(ServerHttpRequest request) {
		return this.idempotentMethods.contains(request.getMethod().name())
				|| request.getHeaders().containsHeader(this.idempotencyHeader);
	}

}

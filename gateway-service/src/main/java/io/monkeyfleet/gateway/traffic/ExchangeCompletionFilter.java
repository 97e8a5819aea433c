package io.monkeyfleet.gateway.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import io.monkeyfleet.gateway.balancing.Ticker;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;

/**
 * The outermost gateway filter: sees the whole exchange end, response body included (the
 * routing filter's own result comes as soon as the node's headers arrive). It ends every
 * node {@link Call} the exchange made, so in-flight counts stay up while a response still
 * streams, and records the per-route metrics.
 */
final class ExchangeCompletionFilter implements GlobalFilter, Ordered {

	/** Exchange attribute: the {@code List<Call>} of the exchange. */
	static final String CALLS_ATTRIBUTE = ExchangeCompletionFilter.class.getName() + ".calls";

	private static final String ERROR_ATTRIBUTE = ExchangeCompletionFilter.class.getName() + ".error";

	private final RouteStats routes;

	private final Ticker ticker;

	ExchangeCompletionFilter(RouteStats routes, Ticker ticker) {
		this.routes = routes;
		this.ticker = ticker;
	}

	@Override
	public int getOrder() {
		// Before NettyWriteResponseFilter (-1), which writes the body after the chain.
		return Ordered.HIGHEST_PRECEDENCE + 100;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
		List<Call> calls = new ArrayList<>(2);
		exchange.getAttributes().put(CALLS_ATTRIBUTE, calls);
		Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
		RouteStats.Route stats = (route != null) ? this.routes.of(route.getId()) : null;
		long start = this.ticker.nanos();
		if (stats != null) {
			stats.inFlight.incrementAndGet();
		}
		return chain.filter(exchange)
			.doOnError((error) -> exchange.getAttributes().put(ERROR_ATTRIBUTE, error))
			.doFinally((signal) -> ended(signal, exchange.getAttribute(ERROR_ATTRIBUTE), () -> {
				HttpStatusCode code = exchange.getResponse().getStatusCode();
				return (code != null) ? code.value() : 200;
			}, calls, stats, this.ticker.nanos() - start));
	}

	/**
	 * Ends an exchange, on the framework's path or the direct one: every node call with
	 * what the client got, and the route's meters.
	 * @param error what the exchange failed with, or {@code null}
	 * @param status the response's status, asked for only when the exchange neither
	 * failed nor was cancelled
	 * @param route the route's meters, or {@code null} if no route took the request
	 */
	static void ended(SignalType signal, Throwable error, IntSupplier status, List<Call> calls, RouteStats.Route route,
			long elapsedNanos) {
		Outcome outcome;
		int sent;
		if (signal == SignalType.CANCEL) {
			outcome = Outcome.CANCELLED;
			sent = -1;
		}
		else if (error != null) {
			outcome = Problems.outcomeOf(error);
			sent = Problems.statusOf(error).value();
		}
		else {
			sent = status.getAsInt();
			outcome = Outcome.ofStatus(sent);
		}
		for (Call call : calls) {
			if (sent < 0) {
				call.cancelled();
			}
			else {
				call.completed(sent);
			}
		}
		if (route != null) {
			route.inFlight.decrementAndGet();
			route.record(outcome, elapsedNanos);
		}
	}

}

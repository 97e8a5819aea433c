package io.monkeyfleet.gateway.traffic;

import java.time.Clock;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;
import io.monkeyfleet.gateway.balancing.BalancingProperties;
import io.monkeyfleet.gateway.balancing.Ticker;
import io.monkeyfleet.gateway.guard.RequestLimitsProperties;
import io.monkeyfleet.gateway.outlier.OutlierDetector;
import io.monkeyfleet.gateway.outlier.OutlierProperties;
import io.monkeyfleet.gateway.snapshot.RoutingView;
import io.monkeyfleet.gateway.snapshot.SnapshotHolder;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.FleetStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Counting, retrying and reporting each request to a node, and the problem answers.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ TrafficProperties.class, OutlierProperties.class })
class TrafficConfiguration {

	@Bean
	Ticker ticker() {
		return Ticker.SYSTEM;
	}

	@Bean
	NodeStatsRegistry nodeStatsRegistry(BalancingProperties balancing, MeterRegistry registry, Ticker ticker) {
		return new NodeStatsRegistry(balancing.latencySmoothing(), balancing.latencyIdleHalfLife(), registry, ticker);
	}

	@Bean
	EjectionLog ejectionLog(TrafficProperties properties, MeterRegistry registry) {
		return new EjectionLog(properties.effectiveGatewayId(), properties.maxPendingEvents(), registry);
	}

	@Bean
	OutlierDetector outlierDetector(OutlierProperties properties, Clock clock, EjectionLog ejections,
			SnapshotHolder holder) {
		OutlierDetector detector = new OutlierDetector(properties, clock, ejections);
		holder.onChange((view) -> view.outOfRotation().forEach(detector::leftRotation));
		return detector;
	}

	@Bean
	RouteStats routeStats(MeterRegistry registry) {
		return new RouteStats(registry);
	}

	@Bean
	ExchangeCompletionFilter exchangeCompletionFilter(RouteStats routeStats, Ticker ticker) {
		return new ExchangeCompletionFilter(routeStats, ticker);
	}

	@Bean
	NodeCallFilter nodeCallFilter(NodeStatsRegistry stats, OutlierDetector outliers,
			LoadBalancerClientFactory balancers, TrafficProperties properties, Ticker ticker, MeterRegistry registry) {
		return new NodeCallFilter(stats, outliers, balancers, properties.idempotentMethods(),
				properties.idempotencyHeader(), ticker, registry);
	}

	@Bean
	GatewayProblemHandler gatewayProblemHandler(FleetCodec codec, SnapshotHolder snapshot) {
		return new GatewayProblemHandler(codec, () -> snapshot.current().isPresent());
	}

	@Bean
	TrafficReporter trafficReporter(TrafficProperties properties, FleetStore store, NodeStatsRegistry stats,
			OutlierDetector outliers, EjectionLog ejections, SnapshotHolder holder, Clock clock, Ticker ticker,
			MeterRegistry registry) {
		return new TrafficReporter(properties.effectiveGatewayId(), store, stats, outliers, ejections, holder,
				properties, clock, ticker, registry);
	}

	/**
	 * The direct path for plain fleet routes: on unless switched off, left unset with
	 * tracing export on, or trusted proxies are configured.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(DirectPathCondition.class)
	static class DirectPathConfiguration {

		private static final Logger logger = LoggerFactory.getLogger(DirectPathConfiguration.class);

		@Bean
		DirectProxy directProxy(HttpClient gatewayHttpClient, HttpClientProperties httpClient,
				LoadBalancerClientFactory balancers, NodeStatsRegistry stats, RouteStats routeStats,
				OutlierDetector outliers, Ticker ticker, MeterRegistry registry, FleetCodec codec,
				WebEndpointProperties endpoints, RequestLimitsProperties limits, TrafficProperties properties,
				GatewayProperties gateway, SnapshotHolder holder, ObjectProvider<HttpClientCustomizer> customizers) {
			NodeClient nodeClient = null;
			if (!NodeClient.honours(httpClient)) {
				logger.info("Direct path: nodes are called through Spring Cloud Gateway's HTTP client, whose "
						+ "configuration (proxy, wiretap, compression or a bounded pool) the direct path's own does not do");
			}
			else if (customizers.orderedStream().findAny().isPresent()) {
				logger.info("Direct path: nodes are called through Spring Cloud Gateway's HTTP client, which "
						+ "HttpClientCustomizer beans change");
			}
			else {
				nodeClient = new NodeClient(NodeClient.Settings.of(httpClient));
			}
			DirectProxy proxy = new DirectProxy(gatewayHttpClient, httpClient.getResponseTimeout(), nodeClient,
					balancers, stats, routeStats, outliers, ticker, registry, codec,
					new DirectProxy.Settings(endpoints.getBasePath(), limits.maxHeaders(),
							properties.idempotentMethods(), properties.idempotencyHeader()));
			Consumer<RoutingView> load = (view) -> proxy
				.routesChanged(DirectRoutes.of(view.routes(), gateway.getRoutes()));
			holder.current().ifPresent(load);
			holder.onChange(load);
			return proxy;
		}

		@Bean
		WebServerFactoryCustomizer<NettyReactiveWebServerFactory> directPathRoute(DirectProxy proxy) {
			return (factory) -> factory.addRouteProviders((routes) -> routes.route(proxy::takes, proxy));
		}

	}

	/** Whether the direct path is on: see {@link TrafficProperties#directPath()}. */
	static final class DirectPathCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			if (context.getEnvironment().getProperty("spring.cloud.gateway.server.webflux.trusted-proxies") != null) {
				// Spring Cloud Gateway then writes X-Forwarded-* headers, which the
				// direct
				// path does not: every request goes the framework's way.
				return ConditionOutcome.noMatch("trusted proxies are configured");
			}
			Boolean explicit = context.getEnvironment()
				.getProperty("monkeyfleet.gateway.traffic.direct-path", Boolean.class);
			if (explicit != null) {
				return new ConditionOutcome(explicit, "monkeyfleet.gateway.traffic.direct-path is " + explicit);
			}
			boolean tracing = context.getEnvironment()
				.getProperty("management.tracing.export.enabled", Boolean.class, false);
			return new ConditionOutcome(!tracing, "direct path unset, tracing export " + (tracing ? "on" : "off"));
		}

	}

}

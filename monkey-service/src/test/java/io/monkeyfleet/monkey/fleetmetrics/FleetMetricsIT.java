package io.monkeyfleet.monkey.fleetmetrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.StandaloneFleetStore;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import io.monkeyfleet.testsupport.time.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fleet gauges read a real Redis and come out in Prometheus's text format under the
 * names the dashboard and the alert rules use (deploy/grafana, deploy/prometheus).
 */
class FleetMetricsIT {

	@RegisterExtension
	static final RealRedisExtension redis = new RealRedisExtension();

	private StandaloneFleetStore connection;

	private FleetStore store;

	private PrometheusMeterRegistry registry;

	private FleetMetrics metrics;

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

	@BeforeEach
	void connect() {
		this.connection = StandaloneFleetStore.connect(redis.host(), redis.port());
		this.connection.redis().execute((org.springframework.data.redis.core.RedisCallback<Object>) (c) -> {
			c.serverCommands().flushAll();
			return null;
		});
		this.store = this.connection.store();
		this.registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		this.metrics = new FleetMetrics(this.store, this.clock, Duration.ofSeconds(1));
		this.metrics.bindTo(this.registry);
	}

	@AfterEach
	void close() {
		this.metrics.close();
		this.connection.close();
	}

	@Test
	void exportsEachNodesSampleAndStateAndEachPoolsCounts() {
		this.store.savePool(new Pool("web", 1, 4, java.util.List.of()), "test");
		NodeStatus a = this.store.register(Node.of("a", "web", NodeAddress.parse("127.0.0.1:9001")));
		this.store.register(Node.of("b", "web", NodeAddress.parse("127.0.0.1:9002")));
		this.store.transition("a", a, NodeState.ACTIVE, "healthy", "test", Map.of());
		this.store.writeSample(new MetricsSample("a", 42.5, 61, null, AppHealth.UP, Instant.now(), 1),
				Duration.ofSeconds(30));
		this.metrics.read();
		String scrape = this.registry.scrape();
		assertThat(scrape).contains("monkeyfleet_fleet_node_cpu_percent{node=\"a\",pool=\"web\"} 42.5")
			.contains("monkeyfleet_fleet_node_memory_percent{node=\"a\",pool=\"web\"} 61.0")
			.contains("monkeyfleet_fleet_node_state{node=\"a\",pool=\"web\",state=\"ACTIVE\"} 1.0")
			.contains("monkeyfleet_fleet_node_state{node=\"b\",pool=\"web\",state=\"JOINING\"} 1.0")
			.contains("monkeyfleet_fleet_nodes{pool=\"web\",state=\"QUARANTINED\"} 0.0")
			.contains("monkeyfleet_fleet_pool_nodes{pool=\"web\"} 2.0")
			.contains("monkeyfleet_fleet_pool_heartbeating_nodes{pool=\"web\"} 1.0")
			.contains("monkeyfleet_fleet_breaker_open{pool=\"web\"} 0.0")
			.contains("monkeyfleet_fleet_redis_reachable 1.0")
			.contains("monkeyfleet_fleet_node_heartbeat_age_seconds{node=\"a\",pool=\"web\"}")
			.doesNotContain("monkeyfleet_fleet_node_cpu_percent{node=\"b\"");
	}

	@Test
	void countsEventsSeenAfterStartAndFollowsTheBreakers() {
		this.store.appendEvent(event(EventType.BREAKER_OPENED, "web"));
		this.metrics.read();
		assertThat(this.registry.scrape()).contains("monkeyfleet_fleet_breaker_open{pool=\"web\"} 1.0")
			.doesNotContain("monkeyfleet_fleet_events_total{");
		this.store.appendEvent(event(EventType.BREAKER_CLOSED, "web"));
		this.store.appendEvent(event(EventType.NODE_EJECTED, "web"));
		this.metrics.read();
		assertThat(this.registry.scrape()).contains("monkeyfleet_fleet_breaker_open{pool=\"web\"} 0.0")
			.contains("monkeyfleet_fleet_events_total{pool=\"web\",type=\"BREAKER_CLOSED\"} 1.0")
			.contains("monkeyfleet_fleet_events_total{pool=\"web\",type=\"NODE_EJECTED\"} 1.0");
	}

	@Test
	void saysRedisIsUnreachableWhenItIs() {
		this.metrics.read();
		redis.stop();
		try {
			this.metrics.read();
			assertThat(this.registry.scrape()).contains("monkeyfleet_fleet_redis_reachable 0.0");
		}
		finally {
			redis.start();
		}
	}

	private FleetEvent event(EventType type, String pool) {
		return new FleetEvent(Instant.now(), type, null, pool, "test", Map.of(), "test");
	}

}

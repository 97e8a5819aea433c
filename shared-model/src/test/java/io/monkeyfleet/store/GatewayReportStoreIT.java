package io.monkeyfleet.store;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.GatewayReport;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.NodeTraffic;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import io.monkeyfleet.testsupport.time.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store's part for gateway-service: traffic reports, ejection events, batch sample
 * reads.
 */
class GatewayReportStoreIT {

	@RegisterExtension
	static final RealRedisExtension redisServer = new RealRedisExtension();

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

	private FleetStore store;

	@BeforeAll
	static void connect() {
		connectionFactory = TestRedis.connect(redisServer);
		redis = new StringRedisTemplate(connectionFactory);
	}

	@AfterAll
	static void disconnect() {
		connectionFactory.destroy();
	}

	@BeforeEach
	void emptyRedis() {
		TestRedis.flush(redis);
		this.store = new FleetStore(redis, new KeySchema("mf:"), new FleetCodec(), this.clock,
				new FleetStoreSettings(3, Duration.ofSeconds(5)));
	}

	@Test
	void aReportReplacesTheGatewaysPreviousOneAndItsEventsGoToTheTrimmedStream() {
		this.store.publishGatewayReport(report("gw-1", 5), List.of());
		this.store.publishGatewayReport(report("gw-2", 1), List.of());
		FleetEvent ejected = new FleetEvent(this.clock.instant(), EventType.NODE_EJECTED, "n1", "web",
				"connection refused", Map.of("until", "later"), "gateway:gw-1");
		for (int i = 0; i < 4; i++) {
			this.store.publishGatewayReport(report("gw-1", i), List.of(ejected));
		}

		assertThat(redis.opsForHash().keys("mf:gateway:reports")).containsExactlyInAnyOrder("gw-1", "gw-2");
		assertThat(this.store.gatewayReports()).extracting((report) -> report.nodes().get("n1").inFlight())
			.containsExactly(3, 1);
		assertThat(this.store.eventCount()).isEqualTo(3);
		assertThat(this.store.latestEvents(1).get(0).event()).isEqualTo(ejected);
	}

	@Test
	void aRemovedReportIsGoneAndAReportUnderAnotherGatewaysFieldIsRefused() {
		this.store.publishGatewayReport(report("gw-1", 0), List.of());
		redis.opsForHash().put("mf:gateway:reports", "gw-9", new FleetCodec().encode(report("gw-1", 7)));

		assertThat(this.store.gatewayReports()).extracting(GatewayReport::gatewayId).containsExactly("gw-1");
		assertThat(this.store.malformedRecords()).isEqualTo(1);
		assertThat(this.store.removeGatewayReport("gw-1")).isTrue();
		assertThat(this.store.removeGatewayReport("gw-1")).isFalse();
	}

	@Test
	void readsTheSamplesOfManyNodesAtOnceLeavingOutUnknownOnes() {
		this.store.writeSample(new MetricsSample("n1", 10, 20, null, AppHealth.UP, this.clock.instant(), 1),
				Duration.ofSeconds(30));
		this.store.writeSample(new MetricsSample("n2", 30, 20, 0.5, AppHealth.UP, this.clock.instant(), 1),
				Duration.ofSeconds(30));

		Map<String, MetricsSample> samples = this.store.samples(List.of("n2", "n1", "n3"));

		assertThat(samples).containsOnlyKeys("n1", "n2");
		assertThat(samples.get("n2").cpuPercent()).isEqualTo(30);
		assertThat(this.store.samples(List.of())).isEmpty();
	}

	private GatewayReport report(String gatewayId, int inFlight) {
		return new GatewayReport(gatewayId, this.clock.instant(),
				Map.of("n1", new NodeTraffic("web", 100, 2, inFlight, 3.5, 2.0, 9.0, 12.0, null)));
	}

}

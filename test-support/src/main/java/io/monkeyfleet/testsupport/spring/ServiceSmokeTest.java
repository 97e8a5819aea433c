package io.monkeyfleet.testsupport.spring;

import io.monkeyfleet.testsupport.http.Http;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every Monkey Fleet service must show once started for real on a random port
 * against a real Redis: health UP including Redis, and Prometheus metrics. A service's
 * test extends this and adds {@code @SpringBootTest(webEnvironment = RANDOM_PORT)}.
 */
public abstract class ServiceSmokeTest {

	@RegisterExtension
	protected static final RealRedisExtension redis = new RealRedisExtension();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		redis.registerSpringProperties(registry);
	}

	protected String baseUrl() {
		return "http://localhost:" + this.port;
	}

	/** The health component that says this service can use Redis. */
	protected String redisHealthComponent() {
		return "redis";
	}

	@Test
	void reportsHealthUpIncludingRedis() {
		Http.Response health = Http.get(baseUrl() + "/actuator/health");
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.body()).contains("\"status\":\"UP\"")
			.contains("\"" + redisHealthComponent() + "\":{\"status\":\"UP\"}");
	}

	@Test
	void exposesPrometheusMetrics() {
		Http.Response metrics = Http.get(baseUrl() + "/actuator/prometheus");
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("jvm_memory_used_bytes");
	}

}

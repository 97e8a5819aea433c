package io.monkeyfleet.agent;

import java.time.Duration;

import io.monkeyfleet.testsupport.http.Http;
import io.monkeyfleet.testsupport.spring.ServiceSmokeTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "monkeyfleet.agent.node-id=smoke-1",
		"monkeyfleet.agent.pool=web", "monkeyfleet.agent.address=127.0.0.1:9" })
class MonitorAgentApplicationIT extends ServiceSmokeTest {

	@Override
	protected String redisHealthComponent() {
		return "heartbeat";
	}

	@Test
	void exposesItsOwnWorkAsMetrics() {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(Http.get(baseUrl() + "/actuator/prometheus").body())
				.containsPattern("monkeyfleet_agent_samples_written_total [1-9]")
				.contains("monkeyfleet_agent_sample_write_failures_total 0.0")
				.contains("monkeyfleet_agent_last_write_age_seconds"));
	}

}

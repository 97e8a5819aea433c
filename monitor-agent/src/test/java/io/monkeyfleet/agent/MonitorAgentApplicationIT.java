package io.monkeyfleet.agent;

import io.monkeyfleet.testsupport.spring.ServiceSmokeTest;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "monkeyfleet.agent.node-id=smoke-1",
		"monkeyfleet.agent.pool=web", "monkeyfleet.agent.address=127.0.0.1:9" })
class MonitorAgentApplicationIT extends ServiceSmokeTest {

	@Override
	protected String redisHealthComponent() {
		return "heartbeat";
	}

}

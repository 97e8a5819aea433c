package io.monkeyfleet.monkey.admin;

import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole monkey-service on a random port, ticking every 200 ms against a real Redis of
 * its own, in dry-run (operator actions are not held back by it), with the test users.
 * Each test class gets its own Redis and so its own application.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "monkeyfleet.monkey.provisioner.token=admin-test-token",
				"monkeyfleet.monkey.provisioner.url=http://127.0.0.1:9", "monkeyfleet.monkey.tick=200ms",
				"monkeyfleet.monkey.lease-time-to-live=1s", "monkeyfleet.monkey.max-remediations-in-flight=50",
				"monkeyfleet.monkey.replica-id=admin-test", "monkeyfleet.monkey.restart.plans.nightly[0].host=db-1",
				"monkeyfleet.monkey.restart.plans.nightly[1].host=app-1",
				"monkeyfleet.monkey.restart.plans.nightly[1].depends-on=db-1" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class RunningMonkeyService {

	@RegisterExtension
	protected static final RealRedisExtension redis = new RealRedisExtension();

	@LocalServerPort
	protected int port;

	@Autowired
	protected FleetStore store;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		redis.registerSpringProperties(registry);
		TestUsers.register(registry);
	}

	protected String baseUrl() {
		return "http://localhost:" + this.port;
	}

	protected SeededFleet fleet() {
		return new SeededFleet(this.store);
	}

}

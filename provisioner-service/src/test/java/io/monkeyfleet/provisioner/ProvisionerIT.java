package io.monkeyfleet.provisioner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.LaunchTemplate;
import io.monkeyfleet.testsupport.redis.RealRedisExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The provisioner started for real on a random port against a real Redis, with local
 * hosts of the test's choosing; the context is closed after the class, which stops its
 * hosts.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext
public abstract class ProvisionerIT {

	@RegisterExtension
	protected static final RealRedisExtension redis = new RealRedisExtension();

	@LocalServerPort
	protected int port;

	protected Api api() {
		return new Api("http://127.0.0.1:" + this.port);
	}

	/** From a subclass's {@code @DynamicPropertySource}: Redis, a state folder, hosts. */
	protected static void configure(DynamicPropertyRegistry registry, List<HostDefinition> hosts) {
		configure(registry, hosts, List.of());
	}

	/** The same, with launch templates. */
	protected static void configure(DynamicPropertyRegistry registry, List<HostDefinition> hosts,
			List<LaunchTemplate> templates) {
		redis.registerSpringProperties(registry);
		try {
			Path state = Files.createTempDirectory(Files.createDirectories(Path.of("target", "local-hosts")), "it-");
			registry.add("monkeyfleet.provisioner.local.state-directory", state::toString);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		TestInventory.register(registry, hosts, templates);
	}

}

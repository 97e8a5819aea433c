package io.monkeyfleet.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose config} (Debian's docker-compose, no engine needed) accepts the
 * compose file, and what it resolves has what the issue asks for. No image is built and
 * no container started here: there is no Docker engine on the build machine.
 */
class ComposeFileIT {

	private static final Map<String, String> ENVIRONMENT = Map.of("PROVISIONER_TOKEN_SHA256", "0".repeat(64));

	@Test
	void dockerComposeAcceptsTheFile() {
		resolved();
	}

	@Test
	void everyPartOfTheStackIsThere() {
		assertThat(services(resolved()).keySet()).containsExactlyInAnyOrder("redis", "gateway", "monkey", "provisioner",
				"node-1", "agent-1", "node-2", "agent-2", "prometheus", "grafana", "mailpit", "jaeger");
	}

	@Test
	@SuppressWarnings("unchecked")
	void servicesLogInToRedisAsTheirOwnUserWithAPasswordFromASecretFile() {
		Map<String, Object> services = services(resolved());
		Map<String, String> users = Map.of("gateway", "gateway", "monkey", "monkey", "provisioner", "provisioner",
				"agent-1", "agent-node-1", "agent-2", "agent-node-2");
		users.forEach((service, user) -> {
			Map<String, Object> definition = (Map<String, Object>) services.get(service);
			Map<String, Object> environment = (Map<String, Object>) definition.get("environment");
			assertThat(environment).as(service).containsEntry("SPRING_DATA_REDIS_USERNAME", user);
			assertThat(environment.keySet()).as(service).noneMatch((name) -> name.contains("PASSWORD"));
			assertThat(environment).as(service)
				.containsEntry("SPRING_CONFIG_IMPORT", "optional:configtree:/run/secrets/");
			List<Map<String, Object>> secrets = (List<Map<String, Object>>) definition.get("secrets");
			assertThat(secrets).as(service)
				.anySatisfy((secret) -> assertThat(secret).containsEntry("source", "redis-" + user + "-password")
					.containsEntry("target", "spring.data.redis.password"));
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void tracingIsOnInComposeAndGoesToJaeger() {
		Map<String, Object> gateway = (Map<String, Object>) services(resolved()).get("gateway");
		assertThat((Map<String, Object>) gateway.get("environment"))
			.containsEntry("MANAGEMENT_TRACING_EXPORT_ENABLED", "true")
			.containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "http://jaeger:4318/v1/traces");
	}

	@Test
	void noSecretIsCommitted() {
		String compose = DeployFiles.read("compose/docker-compose.yml");
		assertThat(compose).doesNotContainPattern("(?i)password[ \\t]*[:=][ \\t]*[^\\s$/]")
			.doesNotContainPattern("[0-9a-f]{32,}");
		assertThat(DeployFiles.read("compose/secrets/.gitignore")).contains("*");
	}

	@Test
	void withoutTheTokenHashComposeSaysWhatToRun() {
		Path compose = Tools.require("docker-compose");
		Tools.Result result = Tools.run(Tools.command(compose, "-f", "compose/docker-compose.yml", "config", "-q"),
				DeployFiles.deploy(), Map.of("PROVISIONER_TOKEN_SHA256", ""), Duration.ofMinutes(1));
		assertThat(result.exitCode()).isNotZero();
		assertThat(result.output()).contains("run deploy/compose/make-secrets.sh first");
	}

	private static Map<String, Object> resolved() {
		Path compose = Tools.require("docker-compose");
		Tools.Result result = Tools
			.run(Tools.command(compose, "-f", "compose/docker-compose.yml", "config"), DeployFiles.deploy(),
					ENVIRONMENT, Duration.ofMinutes(1))
			.assertSucceeded();
		return new Yaml().load(result.output());
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> services(Map<String, Object> compose) {
		return (Map<String, Object>) compose.get("services");
	}

}

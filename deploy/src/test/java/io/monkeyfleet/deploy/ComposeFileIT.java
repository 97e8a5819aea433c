package io.monkeyfleet.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docker-compose config} (Debian's docker-compose, no engine needed) accepts the
 * compose file, and what it resolves has what the issue asks for. No image is built and
 * no container started here: there is no Docker engine on the build machine.
 */
class ComposeFileIT {

	private static final String ADMIN_HASH = "{bcrypt}$2y$10$" + "a".repeat(53);

	private static final Map<String, String> ENVIRONMENT = Map.of("PROVISIONER_TOKEN_SHA256", "0".repeat(64),
			"MONKEY_ADMIN_PASSWORD_HASH", ADMIN_HASH, "DOCKER_GID", "998");

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
			// A password never; the dashboard admin's bcrypt hash (made by
			// make-secrets.sh) is
			// no password.
			assertThat(environment).as(service)
				.allSatisfy((name,
						value) -> assertThat(!name.contains("PASSWORD")
								|| (name.equals("MONKEYFLEET_MONKEY_SECURITY_USERS_0_PASSWORD")
										&& unescaped(value).equals(ADMIN_HASH)))
							.as(name)
							.isTrue());
			assertThat(environment).as(service)
				.hasEntrySatisfying("SPRING_CONFIG_IMPORT",
						(value) -> assertThat(String.valueOf(value)).startsWith("optional:configtree:/run/secrets/"));
			List<Map<String, Object>> secrets = (List<Map<String, Object>>) definition.get("secrets");
			assertThat(secrets).as(service)
				.anySatisfy((secret) -> assertThat(secret).containsEntry("source", "redis-" + user + "-password")
					.containsEntry("target", "spring.data.redis.password"));
		});
	}

	@Test
	@SuppressWarnings("unchecked")
	void tracingIsOffUnlessAskedForAndThenGoesToJaegerOfTheObservabilityProfile() {
		Map<String, Object> gateway = (Map<String, Object>) services(resolved()).get("gateway");
		assertThat((Map<String, Object>) gateway.get("environment"))
			.containsEntry("MANAGEMENT_TRACING_EXPORT_ENABLED", "false")
			.containsEntry("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT", "http://jaeger:4318/v1/traces");
		Map<String, String> asked = new java.util.HashMap<>(ENVIRONMENT);
		asked.put("MONKEYFLEET_TRACING_EXPORT", "true");
		Map<String, Object> tracing = (Map<String, Object>) services(resolved(asked)).get("gateway");
		assertThat((Map<String, Object>) tracing.get("environment")).containsEntry("MANAGEMENT_TRACING_EXPORT_ENABLED",
				"true");
		// Grafana and Jaeger have no Debian package, so no image is built here: they are
		// in a
		// profile of their own, which CI leaves out.
		for (String service : List.of("grafana", "jaeger")) {
			assertThat((Map<String, Object>) services(resolved()).get(service)).as(service)
				.containsEntry("profiles", List.of("observability"));
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyBaseImageIsAParameterWhoseDefaultIsThePublicImage() {
		// CI exports the local images: empty is unset to compose's ${VAR:-default}.
		Map<String, String> unset = new java.util.HashMap<>(ENVIRONMENT);
		for (String name : List.of("JRE_IMAGE", "JDK_IMAGE", "REDIS_IMAGE", "PROMETHEUS_IMAGE", "MAIL_IMAGE")) {
			unset.put(name, "");
		}
		Map<String, Object> services = services(resolved(unset));
		assertThat(((Map<String, Object>) services.get("redis")).get("image")).isEqualTo("redis:7.2.5-bookworm");
		assertThat(((Map<String, Object>) services.get("prometheus")).get("image"))
			.isEqualTo("prom/prometheus:v2.53.2");
		assertThat(((Map<String, Object>) services.get("mailpit")).get("image")).isEqualTo("axllent/mailpit:v1.20.5");
		Map<String, Object> build = (Map<String, Object>) ((Map<String, Object>) services.get("gateway")).get("build");
		assertThat((Map<String, Object>) build.get("args")).containsEntry("JRE_IMAGE", "eclipse-temurin:17-jre")
			.containsEntry("JDK_IMAGE", "eclipse-temurin:17-jdk");
		Map<String, String> local = new java.util.HashMap<>(ENVIRONMENT);
		local.put("REDIS_IMAGE", "monkeyfleet-base/redis:7");
		local.put("JRE_IMAGE", "monkeyfleet-base/jre:17");
		Map<String, Object> pointed = services(resolved(local));
		assertThat(((Map<String, Object>) pointed.get("redis")).get("image")).isEqualTo("monkeyfleet-base/redis:7");
		Map<String, Object> node = (Map<String, Object>) ((Map<String, Object>) pointed.get("node-1")).get("build");
		assertThat((Map<String, Object>) node.get("args")).containsEntry("JRE_IMAGE", "monkeyfleet-base/jre:17");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theProvisionerReachesTheEngineAndItsNodesCarryTheFleetLabel() {
		Map<String, Object> services = services(resolved());
		Map<String, Object> provisioner = (Map<String, Object>) services.get("provisioner");
		assertThat((List<String>) provisioner.get("volumes")).anySatisfy(
				(volume) -> assertThat(String.valueOf(volume)).contains("/var/run/docker.sock:/var/run/docker.sock"));
		assertThat((List<Object>) provisioner.get("group_add")).containsExactly("998");
		for (String service : List.of("node-1", "agent-1", "node-2", "agent-2")) {
			assertThat((Map<String, String>) ((Map<String, Object>) services.get(service)).get("labels")).as(service)
				.containsEntry("io.monkeyfleet.fleet", "monkeyfleet")
				.containsEntry("io.monkeyfleet.host", "node-" + service.charAt(service.length() - 1))
				.containsEntry("io.monkeyfleet.role", service.startsWith("node") ? "app" : "agent");
		}
		// No other service may be touched by the docker driver.
		for (String service : List.of("redis", "gateway", "monkey", "provisioner", "prometheus", "mailpit")) {
			Object labels = ((Map<String, Object>) services.get(service)).get("labels");
			assertThat(String.valueOf(labels)).as(service).doesNotContain("io.monkeyfleet.fleet");
		}
	}

	@Test
	void noSecretIsCommitted() {
		String compose = DeployFiles.read("compose/docker-compose.yml");
		assertThat(compose).doesNotContainPattern("(?i)password[ \\t]*[:=][ \\t]*[^\\s$/]")
			.doesNotContainPattern("[0-9a-f]{32,}");
		assertThat(DeployFiles.read("compose/secrets/.gitignore")).contains("*");
	}

	@Test
	@SuppressWarnings("unchecked")
	void theDashboardsAdminIsConfiguredWithThePasswordsHashFromDotEnv() {
		Map<String, Object> monkey = (Map<String, Object>) services(resolved()).get("monkey");
		Map<String, String> environment = (Map<String, String>) monkey.get("environment");
		assertThat(environment).containsEntry("MONKEYFLEET_MONKEY_SECURITY_USERS_0_NAME", "admin")
			.containsEntry("MONKEYFLEET_MONKEY_SECURITY_USERS_0_ROLE", "operator");
		assertThat(unescaped(environment.get("MONKEYFLEET_MONKEY_SECURITY_USERS_0_PASSWORD"))).isEqualTo(ADMIN_HASH);
	}

	@Test
	@SuppressWarnings("unchecked")
	void makeSecretsWritesEverySecretOnceAndComposeReadsTheAdminsHashIntact(@TempDir Path copy) throws IOException {
		Tools.require("htpasswd");
		Path compose = Files.createDirectories(copy.resolve("compose"));
		for (String file : List.of("docker-compose.yml", "make-secrets.sh")) {
			Files.copy(DeployFiles.deploy().resolve("compose").resolve(file), compose.resolve(file));
		}
		Tools.run(List.of("sh", "compose/make-secrets.sh"), copy, Map.of(), Duration.ofMinutes(1)).assertSucceeded();
		Path secrets = compose.resolve("secrets");
		String password = Files.readString(secrets.resolve("monkey-admin-password"));
		String dotEnv = Files.readString(compose.resolve(".env"));
		assertThat(dotEnv).containsPattern("PROVISIONER_TOKEN_SHA256=[0-9a-f]{64}");
		java.util.regex.Matcher hash = java.util.regex.Pattern
			.compile("MONKEY_ADMIN_PASSWORD_HASH='(\\{bcrypt\\}[^']+)'")
			.matcher(dotEnv);
		assertThat(hash.find()).as(dotEnv).isTrue();
		assertThat(new BCryptPasswordEncoder().matches(password, hash.group(1).substring("{bcrypt}".length())))
			.isTrue();
		// What monkey-service gets is the hash, $ signs and all: .env's single quotes
		// keep
		// compose from reading them as variables.
		Path tool = Tools.require("docker-compose");
		Map<String, Object> resolved = new Yaml().load(
				Tools
					.run(Tools.command(tool, "-f", "compose/docker-compose.yml", "config"), copy, Map.of(),
							Duration.ofMinutes(1))
					.assertSucceeded()
					.output());
		Map<String, Object> monkey = (Map<String, Object>) services(resolved).get("monkey");
		assertThat(unescaped(
				((Map<String, String>) monkey.get("environment")).get("MONKEYFLEET_MONKEY_SECURITY_USERS_0_PASSWORD")))
			.isEqualTo(hash.group(1));
		Tools.run(List.of("sh", "compose/make-secrets.sh"), copy, Map.of(), Duration.ofMinutes(1)).assertSucceeded();
		assertThat(Files.readString(compose.resolve(".env"))).as("nothing changes on a second run").isEqualTo(dotEnv);
		for (String name : List.of("redis-gateway-password", "provisioner-token", "grafana-admin-password")) {
			assertThat(Files.readString(secrets.resolve(name))).as(name).matches("[0-9a-f]{64}");
		}
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
		return resolved(ENVIRONMENT);
	}

	private static Map<String, Object> resolved(Map<String, String> environment) {
		Path compose = Tools.require("docker-compose");
		Tools.Result result = Tools
			.run(Tools.command(compose, "-f", "compose/docker-compose.yml", "config"), DeployFiles.deploy(),
					environment, Duration.ofMinutes(1))
			.assertSucceeded();
		return new Yaml().load(result.output());
	}

	/**
	 * A value as the container gets it: {@code docker-compose config} prints a literal
	 * {@code $} as {@code $$}, so that its output is a compose file again.
	 */
	private static String unescaped(Object value) {
		return String.valueOf(value).replace("$$", "$");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> services(Map<String, Object> compose) {
		return (Map<String, Object>) compose.get("services");
	}

}

package io.monkeyfleet.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.store.RedisAcl;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/redis/acl-rules.conf} is exactly what {@link RedisAcl} builds from the
 * key schema, so the permissions cannot drift from the keys. When it fails, the expected
 * file is in {@code deploy/target/acl-rules.conf}: copy it over after reading the
 * difference.
 */
class AclRulesFileTests {

	/** The sample nodes of the compose file, one agent user each. */
	static final List<String> COMPOSE_NODES = List.of("node-1", "node-2");

	static String expectedRules() {
		List<String> lines = new ArrayList<>();
		lines.add("# Redis users of Monkey Fleet, one per service and one per agent (key prefix mf:).");
		lines.add("# Generated from RedisAcl (shared-model); AclRulesFileTests fails when this file differs.");
		lines
			.add("# render-acl.sh turns \"<user> <rules>\" into \"user <user> on #<sha256 of its password> <rules>\",");
		lines.add("# reading the password from <secrets>/redis-<user>-password. Add an agent-<node> line per node.");
		lines.add("user default off resetpass resetkeys resetchannels -@all");
		lines.add("admin ~* &* +@all");
		Map<String, String> users = new RedisAcl(new KeySchema("mf:")).users(COMPOSE_NODES);
		users.forEach((user, rules) -> lines.add(user + " " + rules));
		return String.join("\n", lines) + "\n";
	}

	@Test
	void theCommittedRulesAreTheKeySchemasRules() throws IOException {
		String expected = expectedRules();
		Path copy = DeployFiles.deploy().resolve("target/acl-rules.conf");
		Files.createDirectories(copy.getParent());
		Files.writeString(copy, expected);
		assertThat(DeployFiles.read("redis/acl-rules.conf")).as("redis/acl-rules.conf (expected in " + copy + ")")
			.isEqualTo(expected);
	}

	@Test
	void noUserButAdminReachesEveryKey() {
		assertThat(expectedRules().lines().filter((line) -> line.contains("~*") || line.contains("allkeys")))
			.containsExactly("admin ~* &* +@all");
	}

}

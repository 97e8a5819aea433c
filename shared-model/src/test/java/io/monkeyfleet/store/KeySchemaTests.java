package io.monkeyfleet.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class KeySchemaTests {

	private final KeySchema keys = new KeySchema("mf:");

	@Test
	void spellsEveryKeyUnderThePrefix() {
		assertThat(this.keys.node("a")).isEqualTo("mf:node:a");
		assertThat(this.keys.nodeState("a")).isEqualTo("mf:node:a:state");
		assertThat(this.keys.nodeSample("a")).isEqualTo("mf:node:a:sample");
		assertThat(this.keys.nodeIndex()).isEqualTo("mf:nodes");
		assertThat(this.keys.pool("web")).isEqualTo("mf:pool:web");
		assertThat(this.keys.poolIndex()).isEqualTo("mf:pools");
		assertThat(this.keys.route("api")).isEqualTo("mf:route:api");
		assertThat(this.keys.routeIndex()).isEqualTo("mf:routes");
		assertThat(this.keys.events()).isEqualTo("mf:events");
		assertThat(this.keys.changesChannel()).isEqualTo("mf:changes");
	}

	@Test
	void anAgentsAclRulesCoverItsOwnKeysTheIndexAndTheChannelOnly() {
		assertThat(this.keys.agentAclRules("a"))
			.startsWith("resetchannels ~mf:node:a ~mf:node:a:* ~mf:nodes &mf:changes -@all ");
	}

	@Test
	void acceptsAClusterHashTagPrefix() {
		assertThat(new KeySchema("{mf}:").events()).isEqualTo("{mf}:events");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "has space", "star*", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" })
	void refusesPrefixesThatBreakKeysOrPatterns(String prefix) {
		assertThatIllegalArgumentException().isThrownBy(() -> new KeySchema(prefix))
			.withMessageContaining("key prefix");
	}

}

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
	void spellsTheProvisionersKeysUnderThePrefix() {
		assertThat(this.keys.provisionerJob("j1")).isEqualTo("mf:prov:job:j1");
		assertThat(this.keys.provisionerJobLease("j1")).isEqualTo("mf:prov:job:j1:lease");
		assertThat(this.keys.provisionerJobCancel("j1")).isEqualTo("mf:prov:job:j1:cancel");
		assertThat(this.keys.provisionerJobIndex()).isEqualTo("mf:prov:jobs");
		assertThat(this.keys.provisionerActiveJobs()).isEqualTo("mf:prov:jobs:active");
		assertThat(this.keys.provisionerHostLock("h1")).isEqualTo("mf:prov:host:h1:lock");
		assertThat(this.keys.provisionerIdempotencyKey("monkey", "ab12")).isEqualTo("mf:prov:idem:monkey:ab12");
		assertThat(this.keys.provisionerFencingToken()).isEqualTo("mf:prov:fencing-token");
		assertThat(this.keys.provisionerHosts()).isEqualTo("mf:prov:hosts");
	}

	@Test
	void anAgentsAclRulesCoverItsOwnKeysTheIndexAndTheChannelOnlyAndItsStateReadOnly() {
		assertThat(this.keys.agentAclRules("a"))
			.startsWith("resetchannels ~mf:node:a ~mf:node:a:sample %R~mf:node:a:state ~mf:nodes &mf:changes -@all ");
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

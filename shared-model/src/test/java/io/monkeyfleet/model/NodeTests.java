package io.monkeyfleet.model;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeTests {

	private static final NodeAddress ADDRESS = new NodeAddress("10.0.0.1", 8080);

	@Test
	void keepsItsFields() {
		Node node = new Node("node-1", "web", ADDRESS, "i-0abc", "eu-west-1a", Map.of("launched-by", "gift"));
		assertThat(node.id()).isEqualTo("node-1");
		assertThat(node.labels()).containsEntry("launched-by", "gift");
	}

	@Test
	void copiesLabelsSoTheCallerCannotChangeThem() {
		Map<String, String> labels = new HashMap<>(Map.of("a", "1"));
		Node node = new Node("node-1", "web", ADDRESS, null, null, labels);
		labels.put("b", "2");
		assertThat(node.labels()).containsOnlyKeys("a");
		assertThatThrownBy(() -> node.labels().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
	}

	@Test
	void treatsMissingLabelsAsNone() {
		assertThat(new Node("node-1", "web", ADDRESS, null, null, null).labels()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "node:1", "node*", "has space", "-leading", "{tag}" })
	void refusesIdsThatWouldBreakKeysOrAclPatterns(String id) {
		assertThatIllegalArgumentException().isThrownBy(() -> Node.of(id, "web", ADDRESS))
			.withMessageContaining("node id");
	}

	@Test
	void refusesIdsLongerThanSixtyThreeCharacters() {
		assertThatIllegalArgumentException().isThrownBy(() -> Node.of("n".repeat(64), "web", ADDRESS));
	}

	@Test
	void requiresPoolAndAddress() {
		assertThatIllegalArgumentException().isThrownBy(() -> Node.of("node-1", null, ADDRESS))
			.withMessage("pool name is required");
		assertThatIllegalArgumentException().isThrownBy(() -> Node.of("node-1", "web", null))
			.withMessage("node address is required");
	}

	@Test
	void refusesBlankInstanceIdAndBadLabelKeys() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Node("n", "web", ADDRESS, " ", null, Map.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Node("n", "web", ADDRESS, null, null, Map.of("bad key", "v")))
			.withMessageContaining("a key of labels");
	}

	@Test
	void refusesNullLabelValues() {
		Map<String, String> labels = new HashMap<>();
		labels.put("k", null);
		assertThatIllegalArgumentException().isThrownBy(() -> new Node("n", "web", ADDRESS, null, null, labels))
			.withMessageContaining("labels 'k' is required");
	}

}

package io.monkeyfleet.monkey.alerts;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static io.monkeyfleet.monkey.alerts.TestAlerts.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class AlertTests {

	@Test
	void keepsDetailsInTheOrderGivenAndCannotBeChangedAfterwards() {
		Map<String, String> details = new LinkedHashMap<>();
		details.put("z-first", "1");
		details.put("a-second", "2");
		Alert alert = Alert.node(START, Severity.CRITICAL, "node-quarantined", "web", "n1", "quarantined", details);
		details.put("later", "3");
		assertThat(alert.details()).containsExactly(Map.entry("z-first", "1"), Map.entry("a-second", "2"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> alert.details().put("x", "y"));
	}

	@Test
	void treatsMissingDetailsAsNone() {
		assertThat(Alert.fleet(START, Severity.INFO, "redis-back", "Redis is back", null).details()).isEmpty();
	}

	@Test
	void refusesAKindThatIsNotLowerCaseWordsJoinedByDashes() {
		for (String kind : new String[] { "Node-Quarantined", "node quarantined", "-node", "node--x", "node-", "" }) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> Alert.fleet(START, Severity.INFO, kind, "summary", Map.of()))
				.withMessageContaining("alert kind");
		}
	}

	@Test
	void refusesNodeAndPoolNamesTheFleetModelWouldRefuse() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Alert.node(START, Severity.INFO, "node-x", "web", "bad:id", "s", Map.of()))
			.withMessageContaining("alert node id 'bad:id'");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Alert.pool(START, Severity.INFO, "pool-x", "web pool", "s", Map.of()))
			.withMessageContaining("alert pool 'web pool'");
	}

	@Test
	void refusesABlankSummaryAndShortensAnOverlongOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> Alert.fleet(START, Severity.INFO, "kind", " ", Map.of()))
			.withMessageContaining("blank");
		assertThat(Alert.fleet(START, Severity.INFO, "kind", "x".repeat(5000), Map.of()).summary()).hasSize(1000)
			.endsWith("x…");
	}

	@Test
	void refusesMissingRequiredFields() {
		assertThatNullPointerException().isThrownBy(() -> Alert.fleet(null, Severity.INFO, "kind", "s", Map.of()))
			.withMessageContaining("time");
		assertThatNullPointerException().isThrownBy(() -> Alert.fleet(START, null, "kind", "s", Map.of()))
			.withMessageContaining("severity");
		assertThatNullPointerException()
			.isThrownBy(() -> Alert.node(START, Severity.INFO, "kind", "web", null, "s", Map.of()))
			.withMessageContaining("node id");
	}

	@Test
	void refusesDetailsWithoutKeysOrValues() {
		Map<String, String> noValue = new LinkedHashMap<>();
		noValue.put("key", null);
		assertThatIllegalArgumentException().isThrownBy(() -> Alert.fleet(START, Severity.INFO, "kind", "s", noValue))
			.withMessageContaining("'key' has no value");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Alert.fleet(START, Severity.INFO, "kind", "s", Map.of(" ", "v")))
			.withMessageContaining("detail key");
	}

	@Test
	void shortensLongDetailsAndSaysHowManyWereLeftOut() {
		Map<String, String> many = new LinkedHashMap<>();
		for (int i = 1; i <= 100; i++) {
			many.put("sample-" + i, (i == 1) ? "v".repeat(5000) : "value " + i);
		}
		Map<String, String> details = Alert.fleet(START, Severity.INFO, "kind", "s", many).details();
		assertThat(details).hasSize(64)
			.containsEntry("sample-63", "value 63")
			.containsEntry(Alert.MORE_DETAILS, "37 more not shown")
			.doesNotContainKey("sample-64");
		assertThat(details.get("sample-1")).hasSize(2000).endsWith("v…");
		assertThat(details.keySet()).last().isEqualTo(Alert.MORE_DETAILS);
	}

}

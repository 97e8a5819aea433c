package io.monkeyfleet.monkey.scaling;

import java.time.Duration;
import java.util.Map;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.monkey.fleet.Fixtures;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.rules.Action;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScaleInRuleTests {

	private static final ScalingPolicy POLICY = new ScalingPolicy(70, 3, Duration.ofSeconds(60), Duration.ofMinutes(5),
			30, Duration.ofSeconds(20), Duration.ofMinutes(10), Duration.ofSeconds(30));

	private final ScaleInRule rule = new ScaleInRule(() -> POLICY);

	@Test
	void proposesTheNewestLaunchedNodeOnlyAfterTheWholeWindowWasCold() {
		Fixtures fleet = Fixtures.pool("web", 4, 1);
		fleet.launched("web-3", Fixtures.START.minusSeconds(600)).launched("web-4", Fixtures.START.minusSeconds(60));
		FleetView view = coldFor(fleet, 20, 10);
		assertThat(this.rule.propose(view)).as("19 s of a 20 s window watched").isEmpty();
		view = coldFor(fleet, 1, 10);
		assertThat(this.rule.propose(view)).singleElement().satisfies((proposal) -> {
			assertThat(proposal.action()).isEqualTo(Action.SCALE_IN);
			assertThat(proposal.nodeId()).isEqualTo("web-4");
			assertThat(proposal.evidence()).containsEntry("window", "20s");
		});
	}

	@Test
	void oneWarmTickInTheWindowStartsItAgain() {
		Fixtures fleet = Fixtures.pool("web", 3, 1);
		fleet.launched("web-3", Fixtures.START);
		coldFor(fleet, 15, 10);
		coldFor(fleet, 1, 35);
		assertThat(this.rule.propose(coldFor(fleet, 19, 10))).as("the 35% tick is inside the window").isEmpty();
		assertThat(this.rule.propose(coldFor(fleet, 2, 10))).hasSize(1);
	}

	@Test
	void aTickWithNoFreshSampleBreaksTheRecord() {
		Fixtures fleet = Fixtures.pool("web", 2, 1);
		fleet.launched("web-2", Fixtures.START);
		coldFor(fleet, 15, 10);
		fleet.advance(Duration.ofSeconds(5)).tick();
		assertThat(this.rule.propose(coldFor(fleet, 15, 10))).isEmpty();
	}

	@Test
	void onlyNodesTheGiftMonkeyLaunchedAndNobodyProtectedAreRemovable() {
		Fixtures fleet = Fixtures.pool("web", 3, 1);
		assertThat(this.rule.propose(coldFor(fleet, 25, 5))).as("none launched").isEmpty();
		fleet.launched("web-3", Fixtures.START).labels("web-3", Map.of(ScaleInRule.PROTECTED_LABEL, "true"));
		assertThat(this.rule.propose(coldFor(fleet, 1, 5))).as("the launched one is protected").isEmpty();
	}

	private static FleetView coldFor(Fixtures fleet, int ticks, double cpu) {
		FleetView view = null;
		for (int i = 0; i < ticks; i++) {
			fleet.advance(Duration.ofSeconds(1));
			fleet.nodeIds().forEach((id) -> fleet.sample(id, cpu, AppHealth.UP));
			view = fleet.tick();
		}
		return view;
	}

}

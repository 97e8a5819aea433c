package io.monkeyfleet.monkey.rules;

import java.time.Duration;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.fleet.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionRuleTests {

	private final AdmissionRule admission = new AdmissionRule((pool) -> DoctorPolicy.DEFAULTS);

	@Test
	void admitsAJoiningNodeAfterThreeHealthySamples() {
		Fixtures fleet = Fixtures.pool("web", 1, 1).node("new-1", "web", NodeState.JOINING, Fixtures.START);
		for (int tick = 1; tick <= 2; tick++) {
			fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
			assertThat(this.admission.propose(fleet.tick())).isEmpty();
		}
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		assertThat(this.admission.propose(fleet.tick())).singleElement().satisfies((proposal) -> {
			assertThat(proposal.action()).isEqualTo(Action.ADMIT);
			assertThat(proposal.nodeId()).isEqualTo("new-1");
			assertThat(proposal.evidence()).hasSize(3);
		});
	}

	@Test
	void anUnhealthyOrHotSampleRestartsTheCount() {
		Fixtures fleet = Fixtures.pool("web", 1, 1).node("new-1", "web", NodeState.JOINING, Fixtures.START);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		fleet.tick();
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().sample("new-1", 20, AppHealth.DOWN);
		fleet.tick();
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().sample("new-1", 95, AppHealth.UP);
		fleet.tick();
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		fleet.tick();
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		assertThat(this.admission.propose(fleet.tick())).isEmpty();
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		assertThat(this.admission.propose(fleet.tick())).hasSize(1);
	}

	@Test
	void unknownHealthNeverAdmits() {
		Fixtures fleet = Fixtures.pool("web", 1, 1).node("new-1", "web", NodeState.JOINING, Fixtures.START);
		for (int tick = 0; tick < 5; tick++) {
			fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().sample("new-1", 10, AppHealth.UNKNOWN);
			assertThat(this.admission.propose(fleet.tick())).isEmpty();
		}
	}

	@Test
	void staleSamplesDoNotAdmit() {
		Fixtures fleet = Fixtures.pool("web", 1, 1).node("new-1", "web", NodeState.JOINING, Fixtures.START);
		for (int tick = 0; tick < 3; tick++) {
			fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
			fleet.tick();
		}
		// No new sample for 10 s: the streak is there but no longer fresh.
		fleet.advance(Duration.ofSeconds(10));
		assertThat(this.admission.propose(fleet.tick())).isEmpty();
	}

}

package io.monkeyfleet.monkey.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.fleet.Fixtures;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.fleet.TrafficView;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DoctorRuleTests {

	private final DoctorRule doctor = new DoctorRule((pool) -> DoctorPolicy.DEFAULTS);

	@Test
	void proposesARepairAfterThreeConsecutiveHotSamples() {
		Fixtures fleet = Fixtures.pool("web", 3, 1);
		List<Proposal> proposals = List.of();
		for (int tick = 1; tick <= 3; tick++) {
			fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().sample("web-2", 95, AppHealth.UP);
			proposals = this.doctor.propose(fleet.tick());
			if (tick < 3) {
				assertThat(proposals).as("after %d hot samples", tick).isEmpty();
			}
		}
		assertThat(proposals).singleElement().satisfies((proposal) -> {
			assertThat(proposal.action()).isEqualTo(Action.REPAIR);
			assertThat(proposal.nodeId()).isEqualTo("web-2");
			assertThat(proposal.reason()).isEqualTo("CPU at or above 90% in 3 consecutive samples");
			assertThat(proposal.evidence()).hasSize(3)
				.allSatisfy((key, value) -> assertThat(value).contains("cpu 95.0%"));
		});
	}

	@Test
	void twoHotSamplesThenACoolOneIsNothing() {
		Fixtures fleet = Fixtures.pool("web", 3, 1);
		double[] cpu = { 95, 96, 40, 97 };
		for (double value : cpu) {
			fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().sample("web-1", value, AppHealth.UP);
			assertThat(this.doctor.propose(fleet.tick())).isEmpty();
		}
	}

	@Test
	void theSameSampleSeenInTwoTicksCountsOnce() {
		Fixtures fleet = Fixtures.pool("web", 2, 1);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().sample("web-1", 95, AppHealth.UP);
		fleet.tick();
		// The agent did not write a new sample: the next two ticks see the same one.
		fleet.advance(Duration.ofSeconds(1));
		fleet.tick();
		fleet.advance(Duration.ofSeconds(1));
		assertThat(this.doctor.propose(fleet.tick())).isEmpty();
	}

	@Test
	void aNodeSilentForLongerThanTheHeartbeatTimeoutIsHung() {
		Fixtures fleet = Fixtures.pool("web", 3, 1);
		fleet.ticks(2);
		fleet.healthyEverywhere();
		fleet.tick();
		fleet.silent("web-3");
		fleet.advance(Duration.ofSeconds(5));
		assertThat(this.doctor.propose(fleet.tick())).as("exactly at the limit").isEmpty();
		fleet.advance(Duration.ofSeconds(1));
		assertThat(this.doctor.propose(fleet.tick())).singleElement()
			.satisfies((proposal) -> assertThat(proposal.reason()).startsWith("no heartbeat for 6 s"));
	}

	@Test
	void aMissingSampleIsNeverCountedAsHealthyNorAsHot() {
		Fixtures fleet = Fixtures.pool("web", 2, 1);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().sample("web-1", 95, AppHealth.UP);
		fleet.tick();
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().silent("web-1");
		FleetView view = fleet.tick();
		assertThat(this.doctor.propose(view)).isEmpty();
		assertThat(HealthyStreak.of(view.history(), "web-1", Fixtures.START, view.now(), DoctorPolicy.DEFAULTS))
			.isEmpty();
	}

	@Test
	void proposesARepairWhenTheAppFailsItsHealthProbeThreeTimes() {
		Fixtures fleet = Fixtures.pool("web", 3, 1);
		List<Proposal> proposals = List.of();
		for (int tick = 0; tick < 3; tick++) {
			fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().sample("web-1", 10, AppHealth.DOWN);
			proposals = this.doctor.propose(fleet.tick());
		}
		assertThat(proposals).singleElement()
			.satisfies(
					(proposal) -> assertThat(proposal.reason()).isEqualTo("app health DOWN in 3 consecutive samples"));
	}

	@Test
	void proposesARepairWhenGatewaysKeepEjectingTheNode() {
		Fixtures fleet = Fixtures.pool("web", 3, 1);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		fleet.traffic(new TrafficView(2, Map.of(), Map.of("web-3", 4)));
		assertThat(this.doctor.propose(fleet.tick())).isEmpty();
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		fleet.traffic(new TrafficView(2, Map.of(), Map.of("web-3", 5)));
		assertThat(this.doctor.propose(fleet.tick())).singleElement()
			.satisfies((proposal) -> assertThat(proposal.reason()).contains("ejected by the gateways"));
	}

	@Test
	void newAndJustRepairedNodesHaveAGracePeriod() {
		Fixtures fleet = Fixtures.pool("web", 2, 1);
		fleet.state("web-1", NodeState.ACTIVE, Fixtures.START);
		for (int tick = 0; tick < 5; tick++) {
			fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().sample("web-1", 99, AppHealth.UP);
			assertThat(this.doctor.propose(fleet.tick())).as("within the grace period").isEmpty();
		}
		fleet.advance(Duration.ofSeconds(30)).healthyEverywhere().sample("web-1", 99, AppHealth.UP);
		assertThat(this.doctor.propose(fleet.tick())).hasSize(1);
	}

	@Test
	void onlyActiveNodesAreJudged() {
		Fixtures fleet = Fixtures.pool("web", 2, 1);
		fleet.state("web-1", NodeState.DRAINING, Fixtures.START.minusSeconds(3600));
		for (int tick = 0; tick < 4; tick++) {
			fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().sample("web-1", 99, AppHealth.DOWN);
		}
		fleet.silent("web-1").advance(Duration.ofSeconds(60));
		assertThat(this.doctor.propose(fleet.tick())).isEmpty();
	}

}

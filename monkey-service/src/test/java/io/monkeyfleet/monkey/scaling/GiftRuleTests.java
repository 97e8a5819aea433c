package io.monkeyfleet.monkey.scaling;

import java.time.Duration;
import java.util.List;

import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.monkey.fleet.Fixtures;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.rules.Action;
import io.monkeyfleet.monkey.rules.Proposal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GiftRuleTests {

	static final ScalingPolicy POLICY = new ScalingPolicy(70, 3, Duration.ofSeconds(60), Duration.ofMinutes(5), 30,
			Duration.ofSeconds(300), Duration.ofMinutes(10), Duration.ofSeconds(30));

	private final GiftRule rule = new GiftRule(() -> POLICY, Duration.ofSeconds(3));

	@Test
	void proposesOneLaunchWhenThePoolAveragesAtLeastTheThresholdOverItsSamples() {
		Fixtures fleet = Fixtures.pool("web", 3, 1);
		FleetView view = hotFor(fleet, 3, 75);
		assertThat(this.rule.propose(view)).singleElement().satisfies((proposal) -> {
			assertThat(proposal.action()).isEqualTo(Action.LAUNCH);
			assertThat(proposal.nodeId()).isNull();
			assertThat(proposal.pool()).isEqualTo("web");
			assertThat(proposal.evidence()).containsEntry("averageCpu", "75.0").containsEntry("trigger", "hot");
		});
	}

	@Test
	void averagesBelowTheThresholdOrTooFewSamplesProposeNothing() {
		Fixtures fleet = Fixtures.pool("web", 3, 1);
		assertThat(this.rule.propose(hotFor(fleet, 2, 95))).as("two samples of three").isEmpty();
		Fixtures cool = Fixtures.pool("web", 3, 1);
		assertThat(this.rule.propose(hotFor(cool, 5, 69.9))).as("just below").isEmpty();
	}

	@Test
	void theAverageSpansTheWholePoolSoOneHotNodeAmongCoolOnesIsNotAHotPool() {
		Fixtures fleet = Fixtures.pool("web", 3, 1);
		FleetView view = null;
		for (int i = 0; i < 3; i++) {
			fleet.advance(Duration.ofSeconds(1))
				.cpuEverywhere(40)
				.sample("web-1", 100, io.monkeyfleet.model.AppHealth.UP);
			view = fleet.tick();
		}
		assertThat(this.rule.propose(view)).as("(100 + 40 + 40) / 3 = 60").isEmpty();
	}

	@Test
	void nodesStillWarmingUpDoNotCount() {
		Fixtures fleet = Fixtures.pool("web", 2, 1);
		fleet.state("web-1", NodeState.ACTIVE, Fixtures.START.minusSeconds(30));
		fleet.state("web-2", NodeState.ACTIVE, Fixtures.START.minusSeconds(30));
		FleetView view = hotFor(fleet, 3, 95);
		assertThat(this.rule.propose(view)).as("ACTIVE for 33 s of a 60 s warm-up").isEmpty();
		fleet.advance(Duration.ofSeconds(30));
		assertThat(this.rule.propose(hotFor(fleet, 3, 95))).hasSize(1);
	}

	@Test
	void staleSamplesDoNotCount() {
		Fixtures fleet = Fixtures.pool("web", 2, 1);
		hotFor(fleet, 3, 95);
		fleet.advance(Duration.ofSeconds(10));
		assertThat(this.rule.propose(fleet.tick())).isEmpty();
	}

	@Test
	void theDoctorsReplacementRequestIsALaunchEvenInACoolPool() {
		Fixtures fleet = Fixtures.pool("web", 1, 1);
		fleet.replacementWanted("web", "node web-1 needs repair");
		List<Proposal> proposals = this.rule.propose(hotFor(fleet, 3, 10));
		assertThat(proposals).singleElement().satisfies((proposal) -> {
			assertThat(proposal.action()).isEqualTo(Action.LAUNCH);
			assertThat(proposal.reason()).contains("replacement first").contains("web-1");
		});
	}

	static FleetView hotFor(Fixtures fleet, int ticks, double cpu) {
		FleetView view = null;
		for (int i = 0; i < ticks; i++) {
			fleet.advance(Duration.ofSeconds(1)).cpuEverywhere(cpu);
			view = fleet.tick();
		}
		return view;
	}

}

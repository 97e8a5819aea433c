package io.monkeyfleet.monkey.migration;

import java.time.Duration;
import java.util.List;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.monkey.fleet.Fixtures;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.rules.Action;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationRuleTests {

	private static final MigrationPolicy POLICY = new MigrationPolicy(85, 3, Duration.ofMinutes(5),
			Duration.ofSeconds(30), Duration.ofMinutes(5));

	private final MigrationRule rule = new MigrationRule(() -> POLICY, Duration.ofSeconds(3));

	@Test
	void proposesMovingANodeWhoseMemoryStayedHighToAColdStandby() {
		Fixtures fleet = Fixtures.pool("web", 2, 1).define(new Pool("web", 1, 4, List.of("standby-1")));
		FleetView view = memory(fleet, 3, 90);
		assertThat(this.rule.propose(view)).singleElement().satisfies((proposal) -> {
			assertThat(proposal.action()).isEqualTo(Action.MIGRATE);
			assertThat(proposal.nodeId()).isEqualTo("web-1");
			assertThat(proposal.evidence()).containsEntry("target", "standby-1")
				.containsEntry("memoryPercent", "90.0,90.0,90.0");
		});
	}

	@Test
	void oneLowSampleInTheWindowOrNoStandbyProposesNothing() {
		Fixtures fleet = Fixtures.pool("web", 2, 1).define(new Pool("web", 1, 4, List.of("standby-1")));
		memory(fleet, 2, 90);
		memory(fleet, 1, 80);
		assertThat(this.rule.propose(memory(fleet, 2, 90))).isEmpty();
		Fixtures noStandby = Fixtures.pool("web", 2, 1);
		assertThat(this.rule.propose(memory(noStandby, 5, 99))).isEmpty();
	}

	@Test
	void aWarmStandbyMustHaveHeadroom() {
		Fixtures fleet = Fixtures.pool("web", 2, 1)
			.define(new Pool("web", 1, 4, List.of("standby-1")))
			.node("standby-1", "web", NodeState.JOINING, Fixtures.START);
		FleetView view = null;
		for (int i = 0; i < 3; i++) {
			fleet.advance(Duration.ofSeconds(1))
				.sample("web-1", 20, 90, AppHealth.UP)
				.sample("web-2", 20, 30, AppHealth.UP)
				.sample("standby-1", 5, 88, AppHealth.UP);
			view = fleet.tick();
		}
		assertThat(this.rule.propose(view)).as("the standby is as full as the node").isEmpty();
		fleet.advance(Duration.ofSeconds(1))
			.sample("web-1", 20, 90, AppHealth.UP)
			.sample("web-2", 20, 30, AppHealth.UP)
			.sample("standby-1", 5, 20, AppHealth.UP);
		assertThat(this.rule.propose(fleet.tick())).singleElement()
			.satisfies((proposal) -> assertThat(proposal.evidence()).containsEntry("target", "standby-1"));
	}

	/** web-1's memory at {@code percent}, the others' at 30 %. */
	private static FleetView memory(Fixtures fleet, int ticks, double percent) {
		FleetView view = null;
		for (int i = 0; i < ticks; i++) {
			fleet.advance(Duration.ofSeconds(1));
			for (String id : fleet.nodeIds()) {
				fleet.sample(id, 20, id.equals("web-1") ? percent : 30, AppHealth.UP);
			}
			view = fleet.tick();
		}
		return view;
	}

}

package io.monkeyfleet.monkey.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.monkey.fleet.Fixtures;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.rules.Action;
import io.monkeyfleet.monkey.rules.DoctorPolicy;
import io.monkeyfleet.monkey.rules.Monkey;
import io.monkeyfleet.monkey.rules.Proposal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScalingGuardRailsTests {

	private final CircuitBreaker breaker = new CircuitBreaker(0.4, 3, (pool) -> DoctorPolicy.DEFAULTS);

	private final GuardRails armed = rails(Map.of());

	@Test
	void aLaunchIsCarriedOutInADefinedPoolBelowItsMaximum() {
		FleetView view = healthy(Fixtures.pool("web", 3, 1));
		assertThat(judge(this.armed, launch("web"), context(view))).extracting(Verdict::outcome)
			.isEqualTo(Verdict.Outcome.CARRY_OUT);
	}

	@Test
	void noLaunchIntoAnUndefinedPoolOrPastItsMaximumSize() {
		Fixtures fleet = Fixtures.pool("web", 3, 1);
		fleet.define(new Pool("web", 1, 3, List.of()));
		Verdict full = judge(this.armed, launch("web"), context(healthy(fleet)));
		assertThat(full.guard()).isEqualTo("max-size");
		assertThat(full.why()).contains("has 3 node(s), its maximum is 3");
		assertThat(judge(this.armed, launch("api"), context(healthy(fleet))).guard()).isEqualTo("max-size");
	}

	@Test
	void theCooldownCountsFromTheLastLaunchStart() {
		Fixtures fleet = Fixtures.pool("web", 3, 1);
		FleetView view = healthy(fleet);
		Instant lastLaunch = view.now().minus(Duration.ofSeconds(299));
		GuardContext recent = new GuardContext(view, Set.of(), 0, Map.of(), (node) -> List.of(),
				(monkey, pool) -> (monkey == Monkey.GIFT) ? Optional.of(lastLaunch) : Optional.empty());
		assertThat(judge(this.armed, launch("web"), recent).guard()).isEqualTo("gift-cooldown");
		GuardContext past = new GuardContext(view, Set.of(), 0, Map.of(), (node) -> List.of(),
				(monkey, pool) -> Optional.of(view.now().minus(Duration.ofSeconds(300))));
		assertThat(judge(this.armed, launch("web"), past).outcome()).isEqualTo(Verdict.Outcome.CARRY_OUT);
	}

	@Test
	void atMostOneLaunchInFlightPerPoolAndNoneBesideAMigrationOrScaleIn() {
		FleetView view = healthy(Fixtures.pool("web", 3, 1));
		List<Verdict> twice = this.armed.judge(List.of(launch("web"), launch("web")), context(view));
		assertThat(twice).extracting(Verdict::outcome)
			.containsExactly(Verdict.Outcome.CARRY_OUT, Verdict.Outcome.REFUSE);
		assertThat(twice.get(1).guard()).isEqualTo("pool-busy");
		for (Monkey busy : List.of(Monkey.GIFT, Monkey.MIGRATION, Monkey.SCALE_IN, Monkey.RESTART)) {
			GuardContext context = new GuardContext(view, Set.of(), 0, Map.of("web", EnumSet.of(busy)),
					(node) -> List.of(), (monkey, pool) -> Optional.empty());
			assertThat(judge(this.armed, launch("web"), context).guard()).as(busy.id()).isEqualTo("pool-busy");
		}
	}

	@Test
	void scaleInNeverCrossesTheMinimumAndWaitsForRepairsInThePool() {
		Fixtures fleet = Fixtures.pool("web", 2, 2);
		FleetView view = healthy(fleet);
		Verdict atMinimum = judge(this.armed, scaleIn("web-2"), context(view));
		assertThat(atMinimum.guard()).isEqualTo("min-size");
		Fixtures bigger = Fixtures.pool("web", 3, 2);
		FleetView roomy = healthy(bigger);
		assertThat(judge(this.armed, scaleIn("web-3"), context(roomy)).outcome()).isEqualTo(Verdict.Outcome.CARRY_OUT);
		GuardContext repairing = new GuardContext(roomy, Set.of("web-1"), 1, Map.of("web", EnumSet.of(Monkey.DOCTOR)),
				(node) -> List.of(), (monkey, pool) -> Optional.empty());
		assertThat(judge(this.armed, scaleIn("web-3"), repairing).guard()).isEqualTo("pool-busy");
	}

	@Test
	void aPoolHotAllOverStillGetsANodeWhileTheBreakerHoldsBackEverythingThatTakesOne() {
		Fixtures fleet = Fixtures.pool("web", 3, 1);
		for (int sample = 0; sample < 3; sample++) {
			fleet.advance(Duration.ofSeconds(1))
				.sample("web-1", 99, AppHealth.UP)
				.sample("web-2", 99, AppHealth.UP)
				.sample("web-3", 99, AppHealth.UP);
		}
		FleetView view = fleet.tick();
		assertThat(this.breaker.update(view)).singleElement()
			.satisfies((change) -> assertThat(change.opened()).isTrue());
		assertThat(judge(this.armed, launch("web"), context(view)).outcome()).as("a spike is what the gift is for")
			.isEqualTo(Verdict.Outcome.CARRY_OUT);
		assertThat(judge(this.armed, scaleIn("web-3"), context(view)).guard()).isEqualTo("circuit-breaker");
	}

	@Test
	void eachMonkeyHasItsOwnDryRunAndSwitch() {
		FleetView view = healthy(Fixtures.pool("web", 3, 1));
		GuardRails giftDryRun = rails(Map.of(Monkey.GIFT, new GuardPolicy.Switch(true, true)));
		assertThat(judge(giftDryRun, launch("web"), context(view)).outcome()).isEqualTo(Verdict.Outcome.DRY_RUN);
		GuardRails giftOff = rails(Map.of(Monkey.GIFT, new GuardPolicy.Switch(false, false)));
		assertThat(judge(giftOff, launch("web"), context(view)).guard()).isEqualTo("gift-switch");
		assertThat(judge(giftOff, scaleIn("web-3"), context(view)).outcome()).as("scale-in has its own switch")
			.isEqualTo(Verdict.Outcome.CARRY_OUT);
	}

	@Test
	void aLaunchedNodeItsLaunchWorkflowWaitsForIsStillAdmitted() {
		FleetView view = healthy(Fixtures.pool("web", 3, 1));
		GuardContext launching = new GuardContext(view, Set.of("web-3"), 0, Map.of("web", EnumSet.of(Monkey.GIFT)),
				(node) -> List.of(), (monkey, pool) -> Optional.empty());
		Proposal admit = new Proposal(Action.ADMIT, "web-3", "web", "healthy", Map.of(), "admission");
		assertThat(judge(this.armed, admit, launching).outcome()).isEqualTo(Verdict.Outcome.CARRY_OUT);
	}

	private static FleetView healthy(Fixtures fleet) {
		return fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().tick();
	}

	private static Verdict judge(GuardRails rails, Proposal proposal, GuardContext context) {
		return rails.judge(List.of(proposal), context).get(0);
	}

	private GuardRails rails(Map<Monkey, GuardPolicy.Switch> overrides) {
		Map<Monkey, GuardPolicy.Switch> switches = new EnumMap<>(Monkey.class);
		for (Monkey monkey : Monkey.values()) {
			switches.put(monkey, overrides.getOrDefault(monkey, new GuardPolicy.Switch(true, false)));
		}
		return new GuardRails(new GuardPolicy(true, switches, 1, RepairBudget.DEFAULTS, Duration.ofSeconds(300),
				Duration.ofMinutes(10)), this.breaker, (pool) -> DoctorPolicy.DEFAULTS);
	}

	private static GuardContext context(FleetView view) {
		return GuardContext.ofRepairs(view, Set.of(), (node) -> List.of());
	}

	private static Proposal launch(String pool) {
		return new Proposal(Action.LAUNCH, null, pool, "hot", Map.of(), "gift");
	}

	private static Proposal scaleIn(String node) {
		return new Proposal(Action.SCALE_IN, node, "web", "cold", Map.of(), "scale-in");
	}

}

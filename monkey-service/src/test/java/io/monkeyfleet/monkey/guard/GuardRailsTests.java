package io.monkeyfleet.monkey.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.monkey.fleet.Fixtures;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.rules.Action;
import io.monkeyfleet.monkey.rules.DoctorPolicy;
import io.monkeyfleet.monkey.rules.Monkey;
import io.monkeyfleet.monkey.rules.Proposal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GuardRailsTests {

	private static final GuardPolicy ARMED = policy(false, true, true, 1);

	private final CircuitBreaker breaker = new CircuitBreaker(0.4, 3, (pool) -> DoctorPolicy.DEFAULTS);

	@Test
	void approvesOneRepairAndRefusesTheRestPastTheInFlightLimit() {
		Fixtures fleet = Fixtures.pool("web", 10, 2);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		FleetView view = fleet.tick();
		List<Verdict> verdicts = rails(ARMED).judge(List.of(repair("web-7"), repair("web-3"), repair("web-5")),
				context(view, Set.of()));
		assertThat(verdicts).extracting((v) -> v.proposal().nodeId() + ":" + v.outcome())
			.containsExactly("web-3:CARRY_OUT", "web-5:REFUSE", "web-7:REFUSE");
		assertThat(verdicts.get(1).guard()).isEqualTo("max-in-flight");
	}

	@Test
	void countsWorkflowsAlreadyInFlightAgainstTheLimit() {
		Fixtures fleet = Fixtures.pool("web", 5, 1);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		List<Verdict> verdicts = rails(ARMED).judge(List.of(repair("web-2")), context(fleet.tick(), Set.of("web-1")));
		assertThat(verdicts).singleElement().satisfies((v) -> {
			assertThat(v.outcome()).isEqualTo(Verdict.Outcome.REFUSE);
			assertThat(v.guard()).isEqualTo("max-in-flight");
		});
	}

	@Test
	void neverDrainsAPoolsLastHealthyNode() {
		Fixtures fleet = Fixtures.pool("web", 2, 1);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().sample("web-1", 99, AppHealth.UP).silent("web-2");
		List<Verdict> verdicts = rails(ARMED).judge(List.of(repair("web-1")), context(fleet.tick(), Set.of()));
		assertThat(verdicts).singleElement().satisfies((v) -> {
			assertThat(v.outcome()).isEqualTo(Verdict.Outcome.REFUSE);
			assertThat(v.guard()).isEqualTo("min-healthy");
			assertThat(v.why()).contains("a replacement must be ACTIVE first");
		});
	}

	@Test
	void keepsThePoolAtItsMinimumHealthyCount() {
		Fixtures fleet = Fixtures.pool("web", 3, 2);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().sample("web-3", 10, AppHealth.DOWN);
		FleetView view = fleet.tick();
		assertThat(rails(ARMED).judge(List.of(repair("web-3")), context(view, Set.of()))).singleElement()
			.extracting(Verdict::outcome)
			.isEqualTo(Verdict.Outcome.CARRY_OUT);
		assertThat(rails(ARMED).judge(List.of(repair("web-1")), context(view, Set.of()))).singleElement()
			.extracting(Verdict::guard)
			.isEqualTo("min-healthy");
	}

	@Test
	void fiveOfTenUnhealthyOpensTheBreakerAndOnlyAddedCapacityGetsThrough() {
		Fixtures fleet = Fixtures.pool("web", 10, 1);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		for (int i = 1; i <= 5; i++) {
			fleet.silent("web-" + i);
		}
		FleetView view = fleet.tick();
		List<CircuitBreaker.Change> changes = this.breaker.update(view);
		assertThat(changes).singleElement().satisfies((change) -> {
			assertThat(change.opened()).isTrue();
			assertThat(change.unhealthy()).isEqualTo(5);
		});
		List<Verdict> verdicts = rails(ARMED).judge(List.of(repair("web-1"), repair("web-2"), admit("web-9")),
				context(view, Set.of()));
		assertThat(verdicts).filteredOn((v) -> v.proposal().action() == Action.REPAIR).hasSize(2).allSatisfy((v) -> {
			assertThat(v.outcome()).isEqualTo(Verdict.Outcome.REFUSE);
			assertThat(v.guard()).isEqualTo("circuit-breaker");
		});
		assertThat(verdicts).filteredOn((v) -> v.proposal().action() == Action.ADMIT)
			.as("admitting a healthy node only adds capacity: the breaker lets it through")
			.singleElement()
			.extracting(Verdict::outcome)
			.isEqualTo(Verdict.Outcome.CARRY_OUT);
		assertThat(this.breaker.update(view)).as("opens once").isEmpty();
	}

	@Test
	void theBreakerClosesOnlyAfterThePoolLooksHealthyForSomeTicks() {
		Fixtures fleet = Fixtures.pool("web", 5, 1);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().silent("web-1").silent("web-2").silent("web-3");
		assertThat(this.breaker.update(fleet.tick())).hasSize(1);
		for (int tick = 1; tick <= 2; tick++) {
			fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
			assertThat(this.breaker.update(fleet.tick())).isEmpty();
			assertThat(this.breaker.isOpen("web")).isTrue();
		}
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		assertThat(this.breaker.update(fleet.tick())).singleElement()
			.satisfies((change) -> assertThat(change.opened()).isFalse());
		assertThat(this.breaker.isOpen("web")).isFalse();
	}

	@Test
	void twoOfTenUnhealthyIsUnderTheBreakersThreshold() {
		Fixtures fleet = Fixtures.pool("web", 10, 1);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere().silent("web-1").sample("web-2", 99, AppHealth.UP);
		assertThat(this.breaker.update(fleet.tick())).isEmpty();
	}

	@Test
	void aNodePastItsBudgetIsQuarantinedAndOneInBackoffWaits() {
		Fixtures fleet = Fixtures.pool("web", 5, 1);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		FleetView view = fleet.tick();
		Instant now = view.now();
		Map<String, List<Instant>> history = Map.of("web-1",
				List.of(now.minusSeconds(3000), now.minusSeconds(2000), now.minusSeconds(1000)), "web-2",
				List.of(now.minusSeconds(30)));
		GuardContext context = GuardContext.ofRepairs(view, Set.of(), (node) -> history.getOrDefault(node, List.of()));
		List<Verdict> verdicts = rails(policy(false, true, true, 5)).judge(List.of(repair("web-1"), repair("web-2")),
				context);
		assertThat(verdicts.get(0).outcome()).isEqualTo(Verdict.Outcome.QUARANTINE);
		assertThat(verdicts.get(0).guard()).isEqualTo("repair-budget");
		assertThat(verdicts.get(1).outcome()).isEqualTo(Verdict.Outcome.REFUSE);
		assertThat(verdicts.get(1).guard()).isEqualTo("repair-backoff");
	}

	@Test
	void dryRunRecordsWhatWouldBeDoneAndDoesNothingButAdmitHealthyNodes() {
		Fixtures fleet = Fixtures.pool("web", 5, 1);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		List<Verdict> verdicts = rails(policy(true, true, true, 1)).judge(List.of(repair("web-1"), admit("web-5")),
				context(fleet.tick(), Set.of()));
		assertThat(verdicts).extracting((v) -> v.proposal().action() + ":" + v.outcome())
			.containsExactly("ADMIT:CARRY_OUT", "REPAIR:DRY_RUN");
		assertThat(verdicts.get(1).why()).startsWith("would carry out");
	}

	@Test
	void switchesOffMeansNothingAtAll() {
		Fixtures fleet = Fixtures.pool("web", 5, 1);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		FleetView view = fleet.tick();
		assertThat(rails(policy(false, false, true, 1)).judge(List.of(repair("web-1")), context(view, Set.of())))
			.singleElement()
			.extracting(Verdict::guard)
			.isEqualTo("global-switch");
		assertThat(rails(policy(false, true, false, 1)).judge(List.of(repair("web-1")), context(view, Set.of())))
			.singleElement()
			.extracting(Verdict::guard)
			.isEqualTo("doctor-switch");
	}

	@Test
	void theDoctorsSwitchStopsRepairsButNeverAdmissions() {
		Fixtures fleet = Fixtures.pool("web", 5, 1);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		assertThat(rails(policy(false, true, false, 1)).judge(List.of(admit("web-5")), context(fleet.tick(), Set.of())))
			.singleElement()
			.extracting(Verdict::outcome)
			.isEqualTo(Verdict.Outcome.CARRY_OUT);
	}

	@Test
	void aNodeAlreadyBeingRepairedIsNotRepairedTwice() {
		Fixtures fleet = Fixtures.pool("web", 5, 1);
		fleet.advance(Duration.ofSeconds(1)).healthyEverywhere();
		assertThat(rails(policy(false, true, true, 5)).judge(List.of(repair("web-1")),
				context(fleet.tick(), Set.of("web-1"))))
			.singleElement()
			.extracting(Verdict::guard)
			.isEqualTo("already-in-workflow");
	}

	static GuardPolicy policy(boolean dryRun, boolean enabled, boolean doctorEnabled, int maxInFlight) {
		Map<Monkey, GuardPolicy.Switch> switches = new EnumMap<>(Monkey.class);
		for (Monkey monkey : Monkey.values()) {
			switches.put(monkey, new GuardPolicy.Switch(monkey != Monkey.DOCTOR || doctorEnabled, dryRun));
		}
		return new GuardPolicy(enabled, switches, maxInFlight, RepairBudget.DEFAULTS, Duration.ofMinutes(5),
				Duration.ofMinutes(10));
	}

	private GuardRails rails(GuardPolicy policy) {
		return new GuardRails(policy, this.breaker, (pool) -> DoctorPolicy.DEFAULTS);
	}

	private static GuardContext context(FleetView view, Set<String> inWorkflows) {
		return GuardContext.ofRepairs(view, inWorkflows, (node) -> List.of());
	}

	private static Proposal repair(String node) {
		return new Proposal(Action.REPAIR, node, "web", "sick", Map.of(), "doctor");
	}

	private static Proposal admit(String node) {
		return new Proposal(Action.ADMIT, node, "web", "healthy", Map.of(), "admission");
	}

}

package io.monkeyfleet.gateway.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.store.FleetSnapshot;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShrinkGuardTests {

	private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

	private static final Instant T1 = T0.plusSeconds(1);

	private static final Duration MAX_AGE = Duration.ofSeconds(10);

	private final ShrinkGuard guard = new ShrinkGuard(0.5, MAX_AGE);

	private final AppliedFleet threeNodes = new AppliedFleet(
			Fleets.at(T0).active("a", "web").active("b", "web").active("c", "web").route("web", "web").build(),
			Set.of());

	private static Set<String> routable(ShrinkGuard.Result result) {
		AppliedFleet applied = result.applied();
		return Set
			.copyOf(applied.fleet().nodes().keySet().stream().filter((id) -> applied.routable(id, MAX_AGE)).toList());
	}

	@Test
	void refusesAnUpdateThatEmptiesAPoolWithoutLifecycleEventsAndKeepsRoutingToIt() {
		FleetSnapshot redisRestartedEmpty = Fleets.at(T1).build();

		ShrinkGuard.Result result = this.guard.guard(this.threeNodes, redisRestartedEmpty, ShrinkGuard.Evidence.NONE);

		assertThat(routable(result)).containsExactlyInAnyOrder("a", "b", "c");
		assertThat(result.applied().heldNodes()).containsExactlyInAnyOrder("a", "b", "c");
		assertThat(result.applied().fleet().routes()).containsKey("web");
		assertThat(result.refusals()).extracting(Refusal::scope).containsExactlyInAnyOrder("web", Refusal.ROUTES);
	}

	@Test
	void refusesASharpShrinkButAppliesTheLossOfOneStaleNodeOutOfThree() {
		FleetSnapshot twoStale = Fleets.at(T1)
			.active("a", "web")
			.node("b", "web", "10.0.0.2", NodeState.ACTIVE, T1.minusSeconds(60))
			.node("c", "web", "10.0.0.3", NodeState.ACTIVE, null)
			.route("web", "web")
			.build();
		FleetSnapshot oneStale = Fleets.at(T1)
			.active("a", "web")
			.active("b", "web")
			.node("c", "web", "10.0.0.3", NodeState.ACTIVE, null)
			.route("web", "web")
			.build();

		assertThat(routable(this.guard.guard(this.threeNodes, twoStale, ShrinkGuard.Evidence.NONE)))
			.containsExactlyInAnyOrder("a", "b", "c");
		ShrinkGuard.Result small = this.guard.guard(this.threeNodes, oneStale, ShrinkGuard.Evidence.NONE);
		assertThat(routable(small)).containsExactlyInAnyOrder("a", "b");
		assertThat(small.refusals()).isEmpty();
	}

	@Test
	void aJoiningStateWrittenAfreshByRegistrationInAFlushedRedisExplainsNothing() {
		FleetSnapshot reRegistered = Fleets.at(T1)
			.node("a", "web", "10.0.0.1", NodeState.JOINING, T1)
			.node("b", "web", "10.0.0.2", NodeState.JOINING, T1)
			.node("c", "web", "10.0.0.3", NodeState.JOINING, T1)
			.route("web", "web")
			.build();

		ShrinkGuard.Result result = this.guard.guard(this.threeNodes, reRegistered, ShrinkGuard.Evidence.NONE);

		assertThat(routable(result)).containsExactlyInAnyOrder("a", "b", "c");
		assertThat(result.applied().heldNodes()).containsExactlyInAnyOrder("a", "b", "c");
	}

	@Test
	void appliesAnEmptiedPoolWhenLifecycleStatesExplainIt() {
		FleetSnapshot allDraining = Fleets.at(T1)
			.node("a", "web", "10.0.0.1", NodeState.DRAINING, T1)
			.node("b", "web", "10.0.0.2", NodeState.DRAINING, T1)
			.node("c", "web", "10.0.0.3", NodeState.QUARANTINED, T1)
			.route("web", "web")
			.build();

		ShrinkGuard.Result result = this.guard.guard(this.threeNodes, allDraining, ShrinkGuard.Evidence.NONE);

		assertThat(routable(result)).isEmpty();
		assertThat(result.refusals()).isEmpty();
	}

	@Test
	void appliesTheRemovalOfNodesWhoseRemovalEventsItFound() {
		FleetSnapshot onlyA = Fleets.at(T1).active("a", "web").route("web", "web").build();

		ShrinkGuard.Result explained = this.guard.guard(this.threeNodes, onlyA,
				new ShrinkGuard.Evidence(Set.of("b", "c"), Set.of()));
		ShrinkGuard.Result unexplained = this.guard.guard(this.threeNodes, onlyA, ShrinkGuard.Evidence.NONE);

		assertThat(routable(explained)).containsExactly("a");
		assertThat(routable(unexplained)).containsExactlyInAnyOrder("a", "b", "c");
	}

	@Test
	void keepsHoldingWhileTheDataStaysLostAndLetsGoOnceItIsExplained() {
		ShrinkGuard.Result held = this.guard.guard(this.threeNodes, Fleets.at(T1).build(), ShrinkGuard.Evidence.NONE);
		ShrinkGuard.Result stillEmpty = this.guard.guard(held.applied(), Fleets.at(T1.plusSeconds(60)).build(),
				ShrinkGuard.Evidence.NONE);
		ShrinkGuard.Result drained = this.guard.guard(stillEmpty.applied(),
				Fleets.at(T1.plusSeconds(61))
					.node("a", "web", "10.0.0.1", NodeState.DRAINING, T1)
					.active("b", "web")
					.active("c", "web")
					.build(),
				ShrinkGuard.Evidence.NONE);

		assertThat(routable(stillEmpty)).containsExactlyInAnyOrder("a", "b", "c");
		assertThat(routable(drained)).containsExactlyInAnyOrder("b", "c");
		assertThat(drained.applied().heldNodes()).isEmpty();
	}

	@Test
	void dropsARouteWhoseDeletionWasRecordedAndKeepsRoutesThatVanishedWholesale() {
		AppliedFleet twoRoutes = new AppliedFleet(
				Fleets.at(T0).active("a", "web").route("one", "web").route("two", "web").build(), Set.of());
		FleetSnapshot noRoutes = Fleets.at(T1).active("a", "web").build();

		assertThat(this.guard.guard(twoRoutes, noRoutes, ShrinkGuard.Evidence.NONE).applied().fleet().routes())
			.containsOnlyKeys("one", "two");
		assertThat(this.guard.guard(twoRoutes, noRoutes, new ShrinkGuard.Evidence(Set.of(), Set.of("one", "two")))
			.applied()
			.fleet()
			.routes()).isEmpty();
	}

	@Test
	void appliesTheFirstReadAsItIs() {
		FleetSnapshot first = Fleets.at(T0).build();

		assertThat(this.guard.guard(null, first, ShrinkGuard.Evidence.NONE).applied().fleet()).isEqualTo(first);
	}

}

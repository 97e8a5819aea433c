package io.monkeyfleet.monkey.guard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static io.monkeyfleet.monkey.guard.RepairBudget.Standing.Kind.ALLOWED;
import static io.monkeyfleet.monkey.guard.RepairBudget.Standing.Kind.BACKOFF;
import static io.monkeyfleet.monkey.guard.RepairBudget.Standing.Kind.EXHAUSTED;
import static org.assertj.core.api.Assertions.assertThat;

class RepairBudgetTests {

	private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

	private final RepairBudget budget = new RepairBudget(3, Duration.ofHours(24), Duration.ofMinutes(2));

	@Test
	void theFirstRepairIsAllowed() {
		assertThat(this.budget.standing(List.of(), T0).kind()).isEqualTo(ALLOWED);
	}

	@Test
	void laterRepairsWaitForABackoffThatDoubles() {
		List<Instant> one = List.of(T0);
		assertThat(this.budget.standing(one, T0.plusSeconds(119)).kind()).isEqualTo(BACKOFF);
		assertThat(this.budget.standing(one, T0.plusSeconds(119)).notBefore()).isEqualTo(T0.plusSeconds(120));
		assertThat(this.budget.standing(one, T0.plusSeconds(120)).kind()).isEqualTo(ALLOWED);
		List<Instant> two = List.of(T0, T0.plusSeconds(120));
		assertThat(this.budget.standing(two, T0.plusSeconds(120 + 239)).kind()).isEqualTo(BACKOFF);
		assertThat(this.budget.standing(two, T0.plusSeconds(120 + 240)).kind()).isEqualTo(ALLOWED);
	}

	@Test
	void pastTheBudgetTheNodeIsQuarantinedUntilOldRepairsLeaveTheWindow() {
		List<Instant> three = List.of(T0, T0.plusSeconds(120), T0.plusSeconds(360));
		assertThat(this.budget.standing(three, T0.plusSeconds(3600)).kind()).isEqualTo(EXHAUSTED);
		assertThat(this.budget.standing(three, T0.plus(Duration.ofHours(24)).plusSeconds(1)).repairsInWindow())
			.isEqualTo(2);
	}

}

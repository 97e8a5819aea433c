package io.monkeyfleet.monkey.restart;

import java.util.List;

import io.monkeyfleet.monkey.MonkeyProperties.PlanStep;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RestartPlansTests {

	@Test
	void everyHostComesAfterWhatItDependsOnAndOtherwiseInThePlansOrder() {
		List<PlanStep> plan = List.of(new PlanStep("gateway-1", List.of("app-1", "app-2"), "/"),
				new PlanStep("app-2", List.of("redis-1"), null), new PlanStep("app-1", List.of("redis-1"), null),
				new PlanStep("redis-1", List.of(), null));
		assertThat(RestartPlans.order(plan)).containsExactly("redis-1", "app-2", "app-1", "gateway-1");
	}

	@Test
	void cyclesUnknownDependenciesAndDuplicatesAreRefusedNamingTheCulprit() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RestartPlans
				.order(List.of(new PlanStep("a", List.of("b"), null), new PlanStep("b", List.of("a"), null))))
			.withMessageContaining("cycle")
			.withMessageContaining("a");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RestartPlans.order(List.of(new PlanStep("a", List.of("ghost"), null))))
			.withMessageContaining("ghost");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RestartPlans
				.order(List.of(new PlanStep("a", List.of(), null), new PlanStep("a", List.of(), null))))
			.withMessageContaining("twice");
	}

}

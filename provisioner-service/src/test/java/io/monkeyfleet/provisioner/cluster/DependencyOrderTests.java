package io.monkeyfleet.provisioner.cluster;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DependencyOrderTests {

	private static final Set<String> INVENTORY = Set.of("redis", "app", "gateway", "worker", "cache");

	@Test
	void startsEveryHostAfterItsDependencies() {
		Map<String, List<String>> plan = plan("gateway", List.of("app"), "app", List.of("redis", "cache"), "redis",
				List.of(), "cache", List.of("redis"));

		assertThat(DependencyOrder.of(plan, INVENTORY::contains)).containsExactly("redis", "cache", "app", "gateway");
	}

	@Test
	void keepsThePlansOwnOrderAmongIndependentHosts() {
		Map<String, List<String>> plan = plan("worker", List.of(), "cache", List.of(), "redis", List.of());

		assertThat(DependencyOrder.of(plan, INVENTORY::contains)).containsExactly("worker", "cache", "redis");
	}

	@Test
	void namesTheCycle() {
		Map<String, List<String>> plan = plan("redis", List.of(), "app", List.of("gateway", "redis"), "gateway",
				List.of("worker"), "worker", List.of("app"));

		assertThatExceptionOfType(InvalidPlanException.class)
			.isThrownBy(() -> DependencyOrder.of(plan, INVENTORY::contains))
			.satisfies((ex) -> assertThat(ex.culprit()).isEqualTo("app -> gateway -> worker -> app"))
			.withMessageContaining("cycle");
	}

	@Test
	void aHostThatDependsOnItselfIsACycle() {
		assertThatExceptionOfType(InvalidPlanException.class)
			.isThrownBy(() -> DependencyOrder.of(plan("app", List.of("app")), INVENTORY::contains))
			.satisfies((ex) -> assertThat(ex.culprit()).isEqualTo("app -> app"));
	}

	@Test
	void namesAHostMissingFromTheInventory() {
		assertThatExceptionOfType(InvalidPlanException.class)
			.isThrownBy(() -> DependencyOrder.of(plan("app", List.of(), "ghost", List.of("app")), INVENTORY::contains))
			.satisfies((ex) -> assertThat(ex.culprit()).isEqualTo("ghost"))
			.withMessageContaining("not in the inventory");
	}

	@Test
	void namesADependencyThatIsNotInThePlan() {
		assertThatExceptionOfType(InvalidPlanException.class)
			.isThrownBy(() -> DependencyOrder.of(plan("app", List.of("redis")), INVENTORY::contains))
			.satisfies((ex) -> assertThat(ex.culprit()).isEqualTo("redis"))
			.withMessageContaining("not a service of this plan");
	}

	@Test
	void refusesAHostNamedTwice() {
		assertThatExceptionOfType(InvalidPlanException.class)
			.isThrownBy(() -> DependencyOrder.dependencies(List.of(new RestartPlanRequest.Service("app", null, null),
					new RestartPlanRequest.Service("app", List.of(), null))))
			.satisfies((ex) -> assertThat(ex.culprit()).isEqualTo("app"));
	}

	private static Map<String, List<String>> plan(Object... hostsAndDependencies) {
		Map<String, List<String>> plan = new LinkedHashMap<>();
		for (int i = 0; i < hostsAndDependencies.length; i += 2) {
			@SuppressWarnings("unchecked")
			List<String> dependencies = (List<String>) hostsAndDependencies[i + 1];
			plan.put((String) hostsAndDependencies[i], dependencies);
		}
		return plan;
	}

}

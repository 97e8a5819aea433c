package io.monkeyfleet.monkey.restart;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.monkeyfleet.monkey.MonkeyProperties;

/**
 * The order a restart plan runs in: every host after the hosts it depends on, and
 * otherwise in the plan's own order, so that a plan always runs the same way.
 */
public final class RestartPlans {

	private RestartPlans() {
	}

	/**
	 * @throws IllegalArgumentException naming the culprit when a host appears twice,
	 * depends on a host not in the plan, or the dependencies form a cycle
	 */
	public static List<String> order(List<MonkeyProperties.PlanStep> steps) {
		Map<String, List<String>> dependsOn = new LinkedHashMap<>();
		for (MonkeyProperties.PlanStep step : steps) {
			if (dependsOn.put(step.host(), step.dependsOn()) != null) {
				throw new IllegalArgumentException("host '" + step.host() + "' appears twice");
			}
		}
		dependsOn.forEach((host, dependencies) -> dependencies.forEach((dependency) -> {
			if (!dependsOn.containsKey(dependency)) {
				throw new IllegalArgumentException(
						"host '" + host + "' depends on '" + dependency + "', which is not in the plan");
			}
		}));
		List<String> order = new ArrayList<>();
		Set<String> done = new HashSet<>();
		while (order.size() < dependsOn.size()) {
			String ready = dependsOn.entrySet()
				.stream()
				.filter((entry) -> !done.contains(entry.getKey()) && done.containsAll(entry.getValue()))
				.map(Map.Entry::getKey)
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("the dependencies of "
						+ dependsOn.keySet().stream().filter((host) -> !done.contains(host)).toList()
						+ " form a cycle"));
			order.add(ready);
			done.add(ready);
		}
		return order;
	}

}

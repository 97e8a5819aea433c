package io.monkeyfleet.provisioner.cluster;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The start order of a restart plan: every host after the hosts it depends on. Among
 * hosts whose dependencies are met, the plan's own order decides, so the same plan always
 * gives the same order.
 */
final class DependencyOrder {

	private DependencyOrder() {
	}

	/**
	 * @param dependencies each host and the hosts it depends on, in plan order
	 * @param known whether a host is in the inventory
	 * @return the hosts in start order
	 * @throws InvalidPlanException naming the unknown host or the cycle
	 */
	static List<String> of(Map<String, List<String>> dependencies, Predicate<String> known) {
		for (Map.Entry<String, List<String>> entry : dependencies.entrySet()) {
			if (!known.test(entry.getKey())) {
				throw new InvalidPlanException(entry.getKey(), "host '" + entry.getKey() + "' is not in the inventory");
			}
			for (String dependency : entry.getValue()) {
				if (!dependencies.containsKey(dependency)) {
					throw new InvalidPlanException(dependency, "host '" + entry.getKey() + "' depends on '" + dependency
							+ "', which is not a service of this plan");
				}
			}
		}
		List<String> cycle = findCycle(dependencies);
		if (!cycle.isEmpty()) {
			String path = String.join(" -> ", cycle);
			throw new InvalidPlanException(path, "the plan's dependencies form a cycle: " + path);
		}
		List<String> order = new ArrayList<>();
		Set<String> placed = new HashSet<>();
		while (order.size() < dependencies.size()) {
			for (Map.Entry<String, List<String>> entry : dependencies.entrySet()) {
				if (!placed.contains(entry.getKey()) && placed.containsAll(entry.getValue())) {
					order.add(entry.getKey());
					placed.add(entry.getKey());
					break;
				}
			}
		}
		return order;
	}

	/** A cycle as a path that ends where it starts, or empty when there is none. */
	private static List<String> findCycle(Map<String, List<String>> dependencies) {
		Map<String, Integer> state = new HashMap<>();
		for (String start : dependencies.keySet()) {
			Deque<String> path = new ArrayDeque<>();
			List<String> cycle = visit(start, dependencies, state, path);
			if (!cycle.isEmpty()) {
				return cycle;
			}
		}
		return List.of();
	}

	private static final int VISITING = 1;

	private static final int DONE = 2;

	private static List<String> visit(String host, Map<String, List<String>> dependencies, Map<String, Integer> state,
			Deque<String> path) {
		Integer seen = state.get(host);
		if (seen != null && seen == DONE) {
			return List.of();
		}
		if (seen != null && seen == VISITING) {
			List<String> cycle = new ArrayList<>();
			boolean inCycle = false;
			for (String step : reversed(path)) {
				inCycle = inCycle || step.equals(host);
				if (inCycle) {
					cycle.add(step);
				}
			}
			cycle.add(host);
			return cycle;
		}
		state.put(host, VISITING);
		path.push(host);
		for (String dependency : dependencies.getOrDefault(host, List.of())) {
			List<String> cycle = visit(dependency, dependencies, state, path);
			if (!cycle.isEmpty()) {
				return cycle;
			}
		}
		path.pop();
		state.put(host, DONE);
		return List.of();
	}

	private static List<String> reversed(Deque<String> path) {
		List<String> inOrder = new ArrayList<>(path);
		java.util.Collections.reverse(inOrder);
		return inOrder;
	}

	/** Keeps plan order; refuses a host named twice. */
	static Map<String, List<String>> dependencies(List<RestartPlanRequest.Service> services) {
		Map<String, List<String>> dependencies = new LinkedHashMap<>();
		for (RestartPlanRequest.Service service : services) {
			if (dependencies.put(service.host(), service.dependsOn()) != null) {
				throw new InvalidPlanException(service.host(),
						"host '" + service.host() + "' appears twice in the plan");
			}
		}
		return dependencies;
	}

}

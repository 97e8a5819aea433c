package io.monkeyfleet.provisioner.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.Operation;
import io.monkeyfleet.provisioner.inventory.Inventory;
import io.monkeyfleet.provisioner.jobs.Caller;
import io.monkeyfleet.provisioner.jobs.Job;
import io.monkeyfleet.provisioner.jobs.JobEngine;
import io.monkeyfleet.provisioner.jobs.JobPlanner;
import io.monkeyfleet.provisioner.jobs.JobType;
import io.monkeyfleet.provisioner.jobs.StepRunner;

/**
 * Plans a cluster restart: checks the plan is a DAG over known hosts, then stops the
 * hosts in reverse dependency order and starts them in dependency order, each start
 * followed by a health wait and a smoke test.
 */
public class ClusterRestartPlanner {

	private final Inventory inventory;

	private final JobPlanner planner;

	public ClusterRestartPlanner(Inventory inventory, JobPlanner planner) {
		this.inventory = inventory;
		this.planner = planner;
	}

	/**
	 * @throws InvalidPlanException naming the culprit
	 */
	public Job plan(RestartPlanRequest request, Caller caller) {
		Map<String, List<String>> dependencies = DependencyOrder.dependencies(request.services());
		List<String> order = DependencyOrder.of(dependencies, (host) -> this.inventory.find(host).isPresent());
		Map<String, RestartPlanRequest.Service> byHost = new LinkedHashMap<>();
		request.services().forEach((service) -> byHost.put(service.host(), service));
		JobPlanner.StepList steps = new JobPlanner.StepList();
		List<String> reverse = new ArrayList<>(order);
		Collections.reverse(reverse);
		for (String host : reverse) {
			steps.add(this.planner.plan(Operation.STOP, host), host, Map.of());
		}
		for (String host : order) {
			steps.add(this.planner.plan(Operation.START, host), host, Map.of());
			steps.add(Action.SMOKE_TEST, host, smokeParams(byHost.get(host).smokeTest()));
		}
		Map<String, String> params = new LinkedHashMap<>();
		params.put(JobEngine.ON_FAILURE, request.onFailure().name());
		params.put("order", String.join(",", order));
		return this.planner.job(JobType.CLUSTER_RESTART, order, params, steps.steps(), caller);
	}

	private static Map<String, String> smokeParams(RestartPlanRequest.SmokeTest smokeTest) {
		Map<String, String> params = new LinkedHashMap<>();
		if (smokeTest != null) {
			if (smokeTest.path() != null) {
				params.put(StepRunner.SMOKE_PATH, smokeTest.path());
			}
			if (smokeTest.expectStatus() != null) {
				params.put(StepRunner.SMOKE_EXPECT, smokeTest.expectStatus().toString());
			}
			if (smokeTest.timeoutSeconds() != null) {
				params.put(StepRunner.SMOKE_TIMEOUT, smokeTest.timeoutSeconds().toString());
			}
		}
		return params;
	}

}

package io.monkeyfleet.monkey.workflow;

import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.monkeyfleet.monkey.cloud.CloudException;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.provisioning.ProvisionerException;
import io.monkeyfleet.monkey.rules.Monkey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launches, scale-ins, migrations and restarts in flight: started here, saved after
 * every step, moved on every tick by their monkey's handler.
 */
public class FleetWorkflows {

	private static final Logger logger = LoggerFactory.getLogger(FleetWorkflows.class);

	private final FleetWorkflowStore store;

	private final Map<Monkey, WorkflowHandler> handlers = new EnumMap<>(Monkey.class);

	public FleetWorkflows(FleetWorkflowStore store, List<WorkflowHandler> handlers) {
		this.store = store;
		handlers.forEach((handler) -> this.handlers.put(handler.monkey(), handler));
	}

	public FleetWorkflowStore store() {
		return this.store;
	}

	public List<FleetWorkflow> inFlight() {
		return this.store.inFlight();
	}

	/**
	 * Starts a workflow: records the start (for cooldowns), saves it and takes its first
	 * step at once.
	 */
	public Optional<FleetWorkflow> start(FleetWorkflow workflow, FleetView view, long fencingToken,
			WorkflowHandler.Judge judge) {
		this.store.recordStart(workflow.monkey(), workflow.pool(), workflow.startedAt());
		this.store.save(workflow);
		return guarded(workflow, view, fencingToken, judge);
	}

	/** Moves every workflow in flight on by at most one step. */
	public void advanceAll(FleetView view, long fencingToken, WorkflowHandler.Judge judge) {
		for (FleetWorkflow workflow : this.store.inFlight()) {
			guarded(workflow, view, fencingToken, judge);
		}
	}

	private Optional<FleetWorkflow> guarded(FleetWorkflow workflow, FleetView view, long fencingToken,
			WorkflowHandler.Judge judge) {
		try {
			return advance(workflow, view, fencingToken, judge);
		}
		catch (CloudException | ProvisionerException ex) {
			if (ex instanceof ProvisionerException provisioner && provisioner.staleFencingToken()) {
				throw ex;
			}
			// The step is retried next tick; one workflow's trouble never stops the
			// others.
			logger.warn("Workflow {} step {} failed; retrying next tick: {}", workflow.id(), workflow.step(),
					ex.getMessage());
			return Optional.of(workflow);
		}
	}

	private Optional<FleetWorkflow> advance(FleetWorkflow workflow, FleetView view, long fencingToken,
			WorkflowHandler.Judge judge) {
		WorkflowHandler handler = this.handlers.get(workflow.monkey());
		if (handler == null) {
			// A workflow of a monkey this version does not run: left for one that does.
			return Optional.of(workflow);
		}
		Optional<FleetWorkflow> next = handler.advance(workflow, view, fencingToken, judge);
		if (next.isEmpty()) {
			this.store.delete(workflow);
		}
		else if (!next.get().equals(workflow)) {
			this.store.save(next.get());
		}
		return next;
	}

	/** The monkeys with a workflow in flight, by pool. */
	public Map<String, Set<Monkey>> busyPools(List<FleetWorkflow> inFlight) {
		Map<String, Set<Monkey>> busy = new HashMap<>();
		inFlight.forEach((workflow) -> busy.computeIfAbsent(workflow.pool(), (pool) -> EnumSet.noneOf(Monkey.class))
			.add(workflow.monkey()));
		return busy;
	}

	/** The nodes the workflows work on now. */
	public Set<String> nodes(List<FleetWorkflow> inFlight) {
		Set<String> nodes = new HashSet<>();
		inFlight.stream().map(FleetWorkflow::nodeId).filter((id) -> id != null).forEach(nodes::add);
		inFlight.stream().map((workflow) -> workflow.fact(TARGET_NODE)).filter((id) -> id != null).forEach(nodes::add);
		return nodes;
	}

	/** Workflows keeping a node out of rotation now. */
	public int holdingNodesOut(List<FleetWorkflow> inFlight) {
		return (int) inFlight.stream().filter((workflow) -> {
			WorkflowHandler handler = this.handlers.get(workflow.monkey());
			return handler != null && handler.holdsNodeOut(workflow);
		}).count();
	}

	public Optional<Instant> lastStart(Monkey monkey, String pool) {
		return this.store.lastStart(monkey, pool);
	}

	/** The fact naming a second node a workflow works on (a migration's target). */
	public static final String TARGET_NODE = "targetNode";

}

package io.monkeyfleet.monkey.admin;

import java.util.List;
import java.util.Optional;

import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.monkey.workflow.FleetWorkflow;
import io.monkeyfleet.monkey.workflow.FleetWorkflows;
import io.monkeyfleet.monkey.workflow.RepairWorkflow;
import io.monkeyfleet.monkey.workflow.RepairWorkflows;
import io.monkeyfleet.store.FleetStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The fleet read: pools, nodes with their latest metrics, workflows in flight. */
@RestController
@RequestMapping("/api")
@Tag(name = "fleet", description = "pools, nodes and workflows")
class FleetController {

	private final FleetBoard board;

	private final FleetStore store;

	private final RepairWorkflows workflows;

	private final FleetWorkflows fleetWorkflows;

	FleetController(FleetBoard board, FleetStore store, RepairWorkflows workflows, FleetWorkflows fleetWorkflows) {
		this.board = board;
		this.store = store;
		this.workflows = workflows;
		this.fleetWorkflows = fleetWorkflows;
	}

	@GetMapping("/pools")
	@Operation(summary = "Every pool, with node counts by state and its circuit breaker")
	List<PoolView> pools() {
		return this.board.pools();
	}

	@GetMapping("/pools/{pool}")
	@Operation(summary = "One pool")
	PoolView pool(@PathVariable String pool) {
		return this.board.pool(pool).orElseThrow(() -> unknownPool(pool));
	}

	@PutMapping("/pools/{pool}")
	@Operation(summary = "Create or change a pool's definition (operator)")
	Pool savePool(@PathVariable String pool, @Valid @RequestBody PoolBody body, Authentication operator) {
		if (!Names.valid(pool)) {
			throw new AdminExceptions.InvalidRequest("pool name '" + pool
					+ "' must be 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
		}
		Pool saved;
		try {
			saved = new Pool(pool, body.minSize(), body.maxSize(), body.standbyHosts());
		}
		catch (IllegalArgumentException ex) {
			throw new AdminExceptions.InvalidRequest(ex.getMessage());
		}
		this.store.savePool(saved, "operator:" + operator.getName());
		return saved;
	}

	@GetMapping("/nodes")
	@Operation(summary = "Every node: state, latest sample, heartbeat age, gateway traffic, repair budget")
	List<NodeView> nodes(@Parameter(description = "only this pool's nodes") @RequestParam(required = false) String pool,
			@Parameter(description = "only nodes in this state") @RequestParam(required = false) NodeState state,
			@Parameter(description = "include recent CPU and memory readings") @RequestParam(
					defaultValue = "false") boolean history) {
		if (pool != null && this.board.pool(pool).isEmpty()) {
			throw unknownPool(pool);
		}
		return this.board.nodes(history)
			.stream()
			.filter((node) -> pool == null || pool.equals(node.pool()))
			.filter((node) -> state == null || state == node.state())
			.toList();
	}

	@GetMapping("/nodes/{node}")
	@Operation(summary = "One node")
	NodeView node(@PathVariable String node, @RequestParam(defaultValue = "false") boolean history) {
		return this.board.node(node, history).orElseThrow(() -> unknownNode(node));
	}

	@GetMapping("/workflows")
	@Operation(summary = "Workflows in flight: repairs, and launches, scale-ins, migrations and restarts")
	Workflows workflows() {
		return new Workflows(this.workflows.inFlight(), this.fleetWorkflows.inFlight());
	}

	@GetMapping("/workflows/{workflow}")
	@Operation(summary = "One workflow in flight")
	Object workflow(@PathVariable String workflow) {
		Optional<Object> repair = this.workflows.inFlight()
			.stream()
			.filter((w) -> w.id().equals(workflow))
			.map(Object.class::cast)
			.findFirst();
		return repair
			.or(() -> this.fleetWorkflows.inFlight().stream().filter((w) -> w.id().equals(workflow)).findFirst())
			.orElseThrow(() -> new AdminExceptions.NotFound("workflow", workflow,
					"no workflow '" + workflow + "' is in flight (it may have finished: see the events)"));
	}

	static AdminExceptions.NotFound unknownNode(String node) {
		return new AdminExceptions.NotFound("node", node, "no node '" + node + "' is registered");
	}

	static AdminExceptions.NotFound unknownPool(String pool) {
		return new AdminExceptions.NotFound("pool", pool, "no pool '" + pool + "' is defined or has nodes");
	}

	/**
	 * @param repairs the doctor's repairs (and released nodes' recovery watches), oldest
	 * first
	 * @param fleet launches, scale-ins, migrations and restarts, oldest first
	 */
	record Workflows(List<RepairWorkflow> repairs, List<FleetWorkflow> fleet) {
	}

	/**
	 * @param minSize never drained or scaled in below this many healthy nodes
	 * @param maxSize never scaled out above this many nodes
	 * @param standbyHosts provisioner hosts kept ready for migration
	 */
	record PoolBody(@NotNull @Min(0) @Max(10_000) Integer minSize, @NotNull @Min(1) @Max(10_000) Integer maxSize,
			@Size(max = 64) List<@NotNull @Pattern(regexp = Names.NAME) String> standbyHosts) {
	}

}

package io.monkeyfleet.monkey.admin;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.store.FleetStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Node actions and launches. The API checks what it can at once — the node or pool exists
 * (else 404), the node's state allows the action (else 409 naming the state) — then
 * queues the request for the acting replica, which alone carries actions out, after
 * judging them with the guard rails. The answer waits briefly for that verdict: 200 when
 * carried out (or started, for work a workflow carries on), 409 naming the guard rail
 * that refused, or 202 with the request to look up when the leader has not decided in
 * time.
 */
@RestController
@RequestMapping("/api")
@Tag(name = "operator actions",
		description = "drain, reboot, restore, quarantine, release, terminate a node; launch in a pool (operator)")
class OperatorActionsController {

	/** How often a waiting request looks for its verdict. */
	private static final Duration POLL = Duration.ofMillis(50);

	private final FleetStore store;

	private final OperatorQueue queue;

	private final AdminProperties properties;

	private final Clock clock;

	OperatorActionsController(FleetStore store, OperatorQueue queue, AdminProperties properties, Clock clock) {
		this.store = store;
		this.queue = queue;
		this.properties = properties;
		this.clock = clock;
	}

	@PostMapping("/nodes/{node}/drain")
	@Operation(summary = "Take an ACTIVE node out of rotation and keep it out")
	@ApiResponse(responseCode = "200", description = "carried out")
	@ApiResponse(responseCode = "202", description = "queued; the leader has not decided yet")
	@ApiResponse(responseCode = "409", description = "the node's state does not allow it, or a guard rail refused")
	ResponseEntity<OperatorVerdict> drain(@PathVariable String node,
			@Valid @RequestBody(required = false) ActionBody body, Authentication operator) {
		return act(OperatorAction.DRAIN, node, body, operator);
	}

	@PostMapping("/nodes/{node}/reboot")
	@Operation(summary = "Drain, reboot and re-admit a node (ACTIVE or DRAINING)")
	ResponseEntity<OperatorVerdict> reboot(@PathVariable String node,
			@Valid @RequestBody(required = false) ActionBody body, Authentication operator) {
		return act(OperatorAction.REBOOT, node, body, operator);
	}

	@PostMapping("/nodes/{node}/restore")
	@Operation(summary = "Put a DRAINING node back into rotation")
	ResponseEntity<OperatorVerdict> restore(@PathVariable String node,
			@Valid @RequestBody(required = false) ActionBody body, Authentication operator) {
		return act(OperatorAction.RESTORE, node, body, operator);
	}

	@PostMapping("/nodes/{node}/quarantine")
	@Operation(summary = "Put a node aside: out of rotation, untouched by automation")
	ResponseEntity<OperatorVerdict> quarantine(@PathVariable String node,
			@Valid @RequestBody(required = false) ActionBody body, Authentication operator) {
		return act(OperatorAction.QUARANTINE, node, body, operator);
	}

	@PostMapping("/nodes/{node}/release")
	@Operation(summary = "Release a QUARANTINED node: re-admitted after healthy samples, else rebooted")
	ResponseEntity<OperatorVerdict> release(@PathVariable String node,
			@Valid @RequestBody(required = false) ActionBody body, Authentication operator) {
		return act(OperatorAction.RELEASE, node, body, operator);
	}

	@PostMapping("/nodes/{node}/terminate")
	@Operation(summary = "Drain a node and terminate its host (scale-in by hand)")
	ResponseEntity<OperatorVerdict> terminate(@PathVariable String node,
			@Valid @RequestBody(required = false) ActionBody body, Authentication operator) {
		return act(OperatorAction.TERMINATE, node, body, operator);
	}

	@PostMapping("/pools/{pool}/launch")
	@Operation(summary = "Launch one more node in a pool (the gift monkey's launch, by hand)")
	ResponseEntity<OperatorVerdict> launch(@PathVariable String pool,
			@Valid @RequestBody(required = false) ActionBody body, Authentication operator) {
		if (!Names.valid(pool) || this.store.pool(pool).isEmpty()) {
			throw new AdminExceptions.NotFound("pool", pool, "no pool '" + pool
					+ "' is defined; define it (PUT /api/pools/" + pool + ") before launching into it");
		}
		return submit(OperatorAction.LAUNCH, null, pool, body, operator);
	}

	@GetMapping("/operator-requests/{request}")
	@Operation(summary = "What became of an operator action (kept for an hour)")
	OperatorVerdict request(@PathVariable String request) {
		Optional<OperatorVerdict> verdict = Names.valid(request) ? this.queue.verdict(request) : Optional.empty();
		return verdict.orElseThrow(() -> new AdminExceptions.NotFound("request", request,
				"no operator request '" + request + "' is known (or its verdict expired)"));
	}

	private ResponseEntity<OperatorVerdict> act(OperatorAction action, String nodeId, ActionBody body,
			Authentication operator) {
		Node node = (Names.valid(nodeId) ? this.store.node(nodeId) : Optional.<Node>empty())
			.orElseThrow(() -> FleetController.unknownNode(nodeId));
		NodeStatus status = this.store.status(nodeId).orElseThrow(() -> FleetController.unknownNode(nodeId));
		if (!action.allowedFrom().contains(status.state())) {
			throw new AdminExceptions.IllegalAction(nodeId, action, status.state());
		}
		return submit(action, nodeId, node.pool(), body, operator);
	}

	private ResponseEntity<OperatorVerdict> submit(OperatorAction action, String nodeId, String pool, ActionBody body,
			Authentication operator) {
		String reason = (body != null && body.reason() != null && !body.reason().isBlank()) ? body.reason().strip()
				: "asked for by " + operator.getName();
		OperatorRequest request = new OperatorRequest(UUID.randomUUID().toString(), action, nodeId, pool, reason,
				operator.getName(), this.clock.instant());
		this.queue.submit(request, this.properties.requestTimeToLive());
		OperatorVerdict verdict = awaitVerdict(request);
		return switch (verdict.status()) {
			case CARRIED_OUT -> ResponseEntity.ok(verdict);
			case REFUSED -> throw new AdminExceptions.Refused(verdict);
			case PENDING -> ResponseEntity.status(HttpStatus.ACCEPTED)
				.location(URI.create("/api/operator-requests/" + request.id()))
				.body(verdict);
		};
	}

	/** The verdict, or the pending one once {@code verdict-wait} has passed. */
	private OperatorVerdict awaitVerdict(OperatorRequest request) {
		Instant deadline = this.clock.instant().plus(this.properties.verdictWait());
		OperatorVerdict pending = OperatorVerdict.pending(request);
		while (true) {
			OperatorVerdict verdict = this.queue.verdict(request.id()).orElse(pending);
			if (verdict.status() != OperatorVerdict.Status.PENDING || !this.clock.instant().isBefore(deadline)) {
				return verdict;
			}
			LockSupport.parkNanos(POLL.toNanos());
			if (Thread.currentThread().isInterrupted()) {
				return verdict;
			}
		}
	}

	/**
	 * @param reason why, in the operator's words (recorded in the events)
	 */
	record ActionBody(@Size(max = 200) @Pattern(regexp = "[^\\p{Cntrl}]*",
			message = "must not contain control characters") String reason) {
	}

}

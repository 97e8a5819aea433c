package io.monkeyfleet.monkey.admin;

import java.net.URI;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.monkey.MonkeyProperties;
import io.monkeyfleet.monkey.restart.RestartMonkey;
import io.monkeyfleet.monkey.settings.SettingsSource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

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
 * The restart monkey, started by an operator: a rolling restart of a pool, or a restart
 * plan from the configuration run in dependency order. The restart is recorded as a
 * workflow that the acting replica carries out step by step through the guard rails; like
 * the monkey's own actions it is held back by the restart monkey's switch and dry-run.
 */
@RestController
@RequestMapping("/api")
@Tag(name = "restarts", description = "rolling restarts of a pool, restart plans (operator)")
class RestartController {

	private final RestartMonkey restarts;

	private final SettingsSource settings;

	RestartController(RestartMonkey restarts, SettingsSource settings) {
		this.restarts = restarts;
		this.settings = settings;
	}

	@PostMapping("/pools/{pool}/rolling-restart")
	@Operation(summary = "Restart a pool's ACTIVE nodes one at a time, each drained first")
	ResponseEntity<RestartView> rollingRestart(@PathVariable String pool,
			@Valid @RequestBody(required = false) OperatorActionsController.ActionBody body, Authentication operator) {
		RestartMonkey.Outcome outcome;
		try {
			outcome = this.restarts.restartPool(pool, operator.getName(), reason(body, operator));
		}
		catch (RestartMonkey.UnknownTargetException ex) {
			throw new AdminExceptions.NotFound("pool", pool, ex.getMessage());
		}
		return answer(outcome, "rolling restart of pool " + pool);
	}

	@GetMapping("/restart-plans")
	@Operation(summary = "The restart plans in the configuration, by name")
	Map<String, List<MonkeyProperties.PlanStep>> plans() {
		return this.settings.current().restart().plans();
	}

	@PostMapping("/restart-plans/{plan}/run")
	@Operation(summary = "Run a restart plan: its hosts in dependency order, with smoke tests")
	ResponseEntity<RestartView> runPlan(@PathVariable String plan,
			@Valid @RequestBody(required = false) OperatorActionsController.ActionBody body, Authentication operator) {
		RestartMonkey.Outcome outcome;
		try {
			outcome = this.restarts.runPlan(plan, operator.getName(), reason(body, operator));
		}
		catch (RestartMonkey.UnknownTargetException ex) {
			throw new AdminExceptions.NotFound("plan", plan, ex.getMessage());
		}
		return answer(outcome, "restart plan " + plan);
	}

	private static ResponseEntity<RestartView> answer(RestartMonkey.Outcome outcome, String what) {
		RestartView view = new RestartView(what, outcome.kind(), outcome.workflowId(), outcome.hosts(), outcome.guard(),
				outcome.why());
		return switch (outcome.kind()) {
			case STARTED -> ResponseEntity.status(HttpStatus.ACCEPTED)
				.location(URI.create("/api/workflows/" + outcome.workflowId()))
				.body(view);
			case DRY_RUN -> ResponseEntity.ok(view);
			case REFUSED -> throw new AdminExceptions.RestartRefused(view);
		};
	}

	private static String reason(OperatorActionsController.ActionBody body, Authentication operator) {
		return (body != null && body.reason() != null && !body.reason().isBlank()) ? body.reason().strip()
				: "asked for by " + operator.getName();
	}

	/**
	 * @param what the restart
	 * @param outcome started (a workflow carries it out), recorded only (the restart
	 * monkey is in dry-run), or refused
	 * @param workflowId the workflow, when started
	 * @param hosts the hosts in the order they are restarted
	 * @param guard the rule that refused it, or dry-run
	 * @param why in words
	 */
	record RestartView(String what, RestartMonkey.Outcome.Kind outcome, String workflowId, List<String> hosts,
			String guard, String why) {
	}

}

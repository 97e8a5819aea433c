package io.monkeyfleet.provisioner.hosts;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.monkeyfleet.provisioner.drivers.Drivers;
import io.monkeyfleet.provisioner.inventory.Inventory;
import io.monkeyfleet.provisioner.inventory.Names;
import io.monkeyfleet.provisioner.jobs.Job;
import io.monkeyfleet.provisioner.jobs.JobPlanner;
import io.monkeyfleet.provisioner.jobs.JobType;
import io.monkeyfleet.provisioner.web.JobRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Jobs on one host: reboot, restart, deploy, terminate, migrate; and launching a new one.
 * The operation in the path is one of a fixed set, matched by the mapping itself. Each
 * answers {@code 202 Accepted} with the job; {@code GET /jobs/{id}} follows it.
 */
@RestController
class HostController {

	private final Inventory inventory;

	private final Drivers drivers;

	private final JobPlanner planner;

	private final JobRequests requests;

	HostController(Inventory inventory, Drivers drivers, JobPlanner planner, JobRequests requests) {
		this.inventory = inventory;
		this.drivers = drivers;
		this.planner = planner;
		this.requests = requests;
	}

	@GetMapping("/hosts")
	List<HostView> hosts() {
		return this.inventory.hosts().stream().map((host) -> HostView.of(host, describe(host))).toList();
	}

	@GetMapping("/hosts/{host}")
	HostView host(@PathVariable @Pattern(regexp = Names.ID) String host) {
		var definition = this.inventory.host(host);
		return HostView.of(definition, describe(definition));
	}

	/** Reboot, restart, deploy or terminate one host. */
	@PostMapping("/hosts/{host}/{operation:reboot|restart|deploy|terminate}")
	ResponseEntity<Job> hostJob(@PathVariable @Pattern(regexp = Names.ID) String host, @PathVariable String operation,
			@RequestBody(required = false) @Valid HostActionRequest body,
			@RequestHeader(JobRequests.FENCING_TOKEN) @Min(0) long fencingToken,
			@RequestHeader(name = JobRequests.IDEMPOTENCY_KEY,
					required = false) @Pattern(regexp = JobRequests.IDEMPOTENCY_KEY_PATTERN) String idempotencyKey,
			Authentication authentication, HttpServletRequest request) {
		JobType type = JobType.valueOf(operation.toUpperCase(Locale.ROOT));
		String reason = (body != null) ? body.reason() : null;
		Job job = this.planner.hostJob(type, host, JobRequests.caller(authentication, fencingToken, reason));
		return this.requests.submit(job, idempotencyKey, request, body);
	}

	@PostMapping("/hosts/{host}/migrate")
	ResponseEntity<Job> migrate(@PathVariable @Pattern(regexp = Names.ID) String host,
			@RequestBody @Valid MigrateRequest body,
			@RequestHeader(JobRequests.FENCING_TOKEN) @Min(0) long fencingToken,
			@RequestHeader(name = JobRequests.IDEMPOTENCY_KEY,
					required = false) @Pattern(regexp = JobRequests.IDEMPOTENCY_KEY_PATTERN) String idempotencyKey,
			Authentication authentication, HttpServletRequest request) {
		Job job = this.planner.migrate(host, body.target(),
				JobRequests.caller(authentication, fencingToken, body.reason()));
		return this.requests.submit(job, idempotencyKey, request, body);
	}

	@PostMapping("/hosts")
	ResponseEntity<Job> launch(@RequestBody @Valid LaunchRequest body,
			@RequestHeader(JobRequests.FENCING_TOKEN) @Min(0) long fencingToken,
			@RequestHeader(name = JobRequests.IDEMPOTENCY_KEY,
					required = false) @Pattern(regexp = JobRequests.IDEMPOTENCY_KEY_PATTERN) String idempotencyKey,
			Authentication authentication, HttpServletRequest request) {
		Job job = this.planner.launch(body.template(), JobRequests.caller(authentication, fencingToken, body.reason()));
		return this.requests.submit(job, idempotencyKey, request, body);
	}

	private Map<String, String> describe(io.monkeyfleet.provisioner.inventory.HostDefinition host) {
		try {
			return this.drivers.of(host).describe(host);
		}
		catch (RuntimeException ex) {
			return Map.of("error", String.valueOf(ex.getMessage()));
		}
	}

}

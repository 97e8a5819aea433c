package io.monkeyfleet.provisioner.cluster;

import io.monkeyfleet.provisioner.jobs.Job;
import io.monkeyfleet.provisioner.web.JobRequests;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** The restart monkey's endpoint: restart a set of hosts in dependency order. */
@RestController
class ClusterController {

	private final ClusterRestartPlanner planner;

	private final JobRequests requests;

	ClusterController(ClusterRestartPlanner planner, JobRequests requests) {
		this.planner = planner;
		this.requests = requests;
	}

	@PostMapping("/clusters/restart")
	ResponseEntity<Job> restart(@RequestBody @Valid RestartPlanRequest plan,
			@RequestHeader(JobRequests.FENCING_TOKEN) @Min(0) long fencingToken,
			@RequestHeader(name = JobRequests.IDEMPOTENCY_KEY,
					required = false) @Pattern(regexp = JobRequests.IDEMPOTENCY_KEY_PATTERN) String idempotencyKey,
			Authentication authentication, HttpServletRequest request) {
		Job job = this.planner.plan(plan, JobRequests.caller(authentication, fencingToken, plan.reason()));
		return this.requests.submit(job, idempotencyKey, request, plan);
	}

}

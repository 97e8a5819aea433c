package io.monkeyfleet.provisioner.jobs;

import java.util.List;

import io.monkeyfleet.provisioner.inventory.Names;
import io.monkeyfleet.provisioner.web.JobRequests;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Following, listing and cancelling jobs. */
@RestController
class JobController {

	private static final String JOB_ID = "j-[0-9a-z]{1,13}-[0-9a-f]{10}";

	private final JobStore store;

	private final JobEngine engine;

	private final JobRequests requests;

	private final JobProperties properties;

	JobController(JobStore store, JobEngine engine, JobRequests requests, JobProperties properties) {
		this.store = store;
		this.engine = engine;
		this.requests = requests;
		this.properties = properties;
	}

	/** The newest jobs first, optionally only those with a status or on a host. */
	@GetMapping("/jobs")
	List<Job> list(@RequestParam(required = false) JobStatus status,
			@RequestParam(required = false) @Pattern(regexp = Names.ID) String host,
			@RequestParam(defaultValue = "50") @Min(1) @Max(10000) int limit) {
		return this.store.list(status, host, Math.min(limit, this.properties.maxListed()));
	}

	@GetMapping("/jobs/{id}")
	Job job(@PathVariable @Pattern(regexp = JOB_ID) String id) {
		return this.store.find(id).orElseThrow(() -> new NoSuchJobException(id));
	}

	/**
	 * Cancels a job: a queued job never starts, a running one stops at its current step's
	 * next check and skips the rest. Answers {@code 202}: the job ends shortly after.
	 */
	@PostMapping("/jobs/{id}/cancel")
	ResponseEntity<Job> cancel(@PathVariable @Pattern(regexp = JOB_ID) String id,
			@RequestHeader(JobRequests.FENCING_TOKEN) @Min(0) long fencingToken) {
		this.requests.checkFencingToken(fencingToken);
		Job job = this.engine.cancel(id);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(job);
	}

}

package io.monkeyfleet.provisioner.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Jobs in Prometheus: {@code provisioner_jobs_finished_total{type,status}} and the jobs
 * running in this provisioner now, {@code provisioner_jobs_running}.
 */
public class JobMetrics implements JobListener {

	private final MeterRegistry registry;

	public JobMetrics(MeterRegistry registry, JobEngine engine) {
		this.registry = registry;
		registry.gauge("provisioner.jobs.running", engine, (running) -> running.runningHere().size());
	}

	@Override
	public void finished(Job job) {
		Counter.builder("provisioner.jobs.finished")
			.description("Jobs this provisioner finished, by type and outcome")
			.tag("type", job.type().name())
			.tag("status", job.status().name())
			.register(this.registry)
			.increment();
	}

}

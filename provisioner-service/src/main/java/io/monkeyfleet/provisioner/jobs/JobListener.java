package io.monkeyfleet.provisioner.jobs;

/** Told when a job this provisioner ran has finished (for metrics). */
@FunctionalInterface
public interface JobListener {

	JobListener NONE = (job) -> {
	};

	void finished(Job job);

}

package io.monkeyfleet.monkey.provisioning;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A provisioner for tests that must prove what was (not) asked of it: it records every
 * call and answers with the job state it was told to.
 */
public class RecordingProvisioner implements Provisioner {

	private final List<String> calls = new CopyOnWriteArrayList<>();

	private volatile JobState jobState = JobState.RUNNING;

	public List<String> calls() {
		return List.copyOf(this.calls);
	}

	public void answerJobsWith(JobState state) {
		this.jobState = state;
	}

	@Override
	public String reboot(String hostId, long fencingToken, String idempotencyKey, String reason) {
		this.calls.add("reboot " + hostId);
		return "job-reboot-" + hostId;
	}

	@Override
	public LaunchJob launch(String template, long fencingToken, String idempotencyKey, String reason) {
		this.calls.add("launch " + template);
		return new LaunchJob("job-launch-" + idempotencyKey, template + "-new");
	}

	@Override
	public String terminate(String hostId, long fencingToken, String idempotencyKey, String reason) {
		this.calls.add("terminate " + hostId);
		return "job-terminate-" + hostId;
	}

	@Override
	public String migrate(String sourceHostId, String targetHostId, long fencingToken, String idempotencyKey,
			String reason) {
		this.calls.add("migrate " + sourceHostId + " " + targetHostId);
		return "job-migrate-" + sourceHostId;
	}

	@Override
	public String restart(String hostId, String smokeTestPath, long fencingToken, String idempotencyKey,
			String reason) {
		this.calls.add("restart " + hostId);
		return "job-restart-" + hostId;
	}

	@Override
	public JobState job(String jobId) {
		this.calls.add("job " + jobId);
		return this.jobState;
	}

}

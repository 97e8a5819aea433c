package io.monkeyfleet.monkey.cloud;

import java.util.Map;

import io.monkeyfleet.monkey.provisioning.Provisioner;
import io.monkeyfleet.monkey.provisioning.ProvisionerException;

/**
 * Launches and terminates hosts through provisioner-service's launch templates: its
 * {@code local} driver is what the local stack scales with, and its {@code aws} driver is
 * an alternative to the monkey's own EC2 calls. The fencing token travels with every
 * call, so a deposed leader cannot launch.
 */
public class ProvisionerCloudProvider implements CloudProvider {

	private final Provisioner provisioner;

	private final Map<String, String> templateOfPool;

	/**
	 * @param templateOfPool the launch template of each pool that has its own; every
	 * other pool launches from the template named like the pool
	 */
	public ProvisionerCloudProvider(Provisioner provisioner, Map<String, String> templateOfPool) {
		this.provisioner = provisioner;
		this.templateOfPool = Map.copyOf(templateOfPool);
	}

	@Override
	public String name() {
		return "provisioner";
	}

	@Override
	public Launch launch(LaunchRequest request) {
		String template = this.templateOfPool.getOrDefault(request.pool(), request.pool());
		try {
			Provisioner.LaunchJob job = this.provisioner.launch(template, request.fencingToken(),
					request.idempotencyKey(), request.reason());
			return new Launch(job.jobId(), job.hostId(), null);
		}
		catch (ProvisionerException ex) {
			throw rethrown(ex);
		}
	}

	@Override
	public Progress launchProgress(Launch launch) {
		return progress(launch.operationId());
	}

	@Override
	public String terminate(TerminateRequest request) {
		try {
			return this.provisioner.terminate(request.hostId(), request.fencingToken(), request.idempotencyKey(),
					request.reason());
		}
		catch (ProvisionerException ex) {
			throw rethrown(ex);
		}
	}

	@Override
	public Progress terminationProgress(String operationId) {
		return progress(operationId);
	}

	private Progress progress(String jobId) {
		try {
			return switch (this.provisioner.job(jobId)) {
				case RUNNING -> Progress.running("provisioner job " + jobId + " running");
				case SUCCEEDED -> Progress.succeeded("provisioner job " + jobId + " succeeded");
				case FAILED -> Progress.failed("provisioner job " + jobId + " failed");
			};
		}
		catch (ProvisionerException ex) {
			throw rethrown(ex);
		}
	}

	/**
	 * A refused fencing token must still reach the loop as such: it means this replica no
	 * longer leads.
	 */
	private static RuntimeException rethrown(ProvisionerException ex) {
		return ex.staleFencingToken() ? ex : new CloudException(ex.getMessage(), ex);
	}

}

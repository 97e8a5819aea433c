package io.monkeyfleet.provisioner.jobs;

/** What a job does. */
public enum JobType {

	REBOOT, RESTART, DEPLOY, LAUNCH, TERMINATE, MIGRATE, CLUSTER_RESTART

}

package io.monkeyfleet.provisioner.jobs;

/**
 * Who asks for a job, with what authority.
 *
 * @param principal the authenticated caller
 * @param fencingToken the caller's fencing token
 * @param reason why, as the caller said it; kept with the job, never executed
 */
public record Caller(String principal, long fencingToken, String reason) {

}

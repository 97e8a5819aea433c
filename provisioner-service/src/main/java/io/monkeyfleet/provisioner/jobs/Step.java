package io.monkeyfleet.provisioner.jobs;

import java.time.Instant;
import java.util.Map;

import io.monkeyfleet.provisioner.drivers.Action;

/**
 * One step of a job, on one host.
 *
 * @param index its place in the job, from 0
 * @param name what it does, in words ({@code stop app-2})
 * @param action what it does, for the engine
 * @param host the host it acts on
 * @param params what the step needs beyond the host (a smoke test's path and expected
 * status, a migration's source), all from the plan and validated
 * @param bestEffort a failure is reported but does not stop the job (rollback steps)
 * @param status where it is
 * @param startedAt when it first started, or {@code null}
 * @param endedAt when it ended, or {@code null}
 * @param output the last lines it printed, cut to a few thousand characters
 * @param message why it failed or was skipped, or {@code null}
 */
public record Step(int index, String name, Action action, String host, Map<String, String> params, boolean bestEffort,
		StepStatus status, Instant startedAt, Instant endedAt, String output, String message) {

	public Step {
		params = (params != null) ? Map.copyOf(params) : Map.of();
		output = (output != null) ? output : "";
	}

	public static Step pending(int index, String name, Action action, String host, Map<String, String> params,
			boolean bestEffort) {
		return new Step(index, name, action, host, params, bestEffort, StepStatus.PENDING, null, null, "", null);
	}

	Step started(Instant now) {
		return new Step(this.index, this.name, this.action, this.host, this.params, this.bestEffort, StepStatus.RUNNING,
				(this.startedAt != null) ? this.startedAt : now, null, this.output, null);
	}

	Step ended(StepStatus result, Instant now, String why) {
		return new Step(this.index, this.name, this.action, this.host, this.params, this.bestEffort, result,
				this.startedAt, now, this.output, why);
	}

	Step withOutput(String newOutput) {
		return new Step(this.index, this.name, this.action, this.host, this.params, this.bestEffort, this.status,
				this.startedAt, this.endedAt, newOutput, this.message);
	}

}

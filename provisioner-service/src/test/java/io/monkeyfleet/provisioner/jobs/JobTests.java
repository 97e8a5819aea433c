package io.monkeyfleet.provisioner.jobs;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import io.monkeyfleet.provisioner.drivers.Action;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobTests {

	private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

	@Test
	void finishingSkipsEveryStepThatNeverRan() {
		Job job = job(step(0, Action.STOP, "a", StepStatus.SUCCEEDED), step(1, Action.START, "a", StepStatus.FAILED),
				step(2, Action.AWAIT_HEALTH, "a", StepStatus.PENDING));

		Job finished = job.finished(JobStatus.FAILED, NOW, "start failed");

		assertThat(finished.steps()).extracting(Step::status)
			.containsExactly(StepStatus.SUCCEEDED, StepStatus.FAILED, StepStatus.SKIPPED);
		assertThat(finished.steps().get(2).message()).isEqualTo("start failed");
		assertThat(finished.endedAt()).isEqualTo(NOW);
	}

	@Test
	void aRollbackStartsWhatThePlanStoppedAndDidNotStartInStartOrder() {
		Job job = job(step(0, Action.STOP, "edge", StepStatus.SUCCEEDED),
				step(1, Action.STOP, "app", StepStatus.SUCCEEDED), step(2, Action.STOP, "store", StepStatus.SUCCEEDED),
				step(3, Action.START, "store", StepStatus.SUCCEEDED),
				step(4, Action.SMOKE_TEST, "store", StepStatus.SUCCEEDED),
				step(5, Action.START, "app", StepStatus.FAILED), step(6, Action.START, "edge", StepStatus.PENDING));

		assertThat(JobEngine.rollbackSteps(job)).extracting(Step::name)
			.containsExactly("rollback: start app", "rollback: await health of app", "rollback: start edge",
					"rollback: await health of edge");
		assertThat(JobEngine.rollbackSteps(job)).allMatch(Step::bestEffort);
	}

	@Test
	void theCurrentStepIsTheFirstThatHasNotFinished() {
		Job job = job(step(0, Action.STOP, "a", StepStatus.SUCCEEDED), step(1, Action.START, "a", StepStatus.RUNNING),
				step(2, Action.AWAIT_HEALTH, "a", StepStatus.PENDING));

		assertThat(job.currentStep()).map(Step::index).contains(1);
	}

	@Test
	void idsAreTimeOrderedAndComeFromTheInjectedGenerator() {
		Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
		JobIds ids = new JobIds(clock, new SplittableRandom(42));
		JobIds same = new JobIds(clock, new SplittableRandom(42));

		String id = ids.newJobId();
		assertThat(id).matches("j-[0-9a-z]+-[0-9a-f]{10}").isEqualTo(same.newJobId());
		assertThat(id).startsWith("j-" + Long.toString(NOW.toEpochMilli(), 36) + "-");
		assertThat(ids.newHostId("web")).matches("web-[0-9a-f]{8}");
	}

	private static Job job(Step... steps) {
		return new Job("j-1", JobType.CLUSTER_RESTART, JobStatus.RUNNING, List.of("a"), Map.of(), List.of(steps), 1,
				"monkey", null, NOW, NOW, null, null, Map.of(), 0);
	}

	private static Step step(int index, Action action, String host, StepStatus status) {
		return new Step(index, action.name().toLowerCase() + " " + host, action, host, Map.of(), false, status, null,
				null, "", null);
	}

}

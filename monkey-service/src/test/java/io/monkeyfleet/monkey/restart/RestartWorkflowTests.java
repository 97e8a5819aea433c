package io.monkeyfleet.monkey.restart;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.monkey.workflow.FleetWorkflow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RestartWorkflowTests {

	/**
	 * A workflow's facts are its events' evidence. Keys made from host ids once broke
	 * every tick of the monkey loop as soon as a plan with a smoke test started.
	 */
	@Test
	void aPlansSmokeTestsAreKeptByPositionInFactsThatAreValidEvidence() {
		String longHost = "h".repeat(63);
		FleetWorkflow workflow = RestartWorkflow.workflow("plan-nightly", List.of("app-1", longHost, "app-3"),
				Map.of(longHost, "/health", "app-3", "/ready"), Instant.EPOCH, "nightly", Map.of());

		FleetEvent event = new FleetEvent(Instant.EPOCH, EventType.WORKFLOW_STEP, null, null, "step", workflow.facts(),
				"monkey:restart");

		assertThat(event.evidence()).containsEntry("smoke-test-1", "/health").containsEntry("smoke-test-2", "/ready");
		assertThat(RestartWorkflow.smokeTestPath(workflow, "0")).isNull();
		assertThat(RestartWorkflow.smokeTestPath(workflow, "1")).isEqualTo("/health");
		assertThat(RestartWorkflow.smokeTestPath(workflow, "2")).isEqualTo("/ready");
	}

}

package io.monkeyfleet.monkey.scaling;

import java.util.Map;
import java.util.Optional;

import io.monkeyfleet.monkey.cloud.CloudException;
import io.monkeyfleet.monkey.cloud.CloudProvider;
import io.monkeyfleet.monkey.fleet.FleetView;
import io.monkeyfleet.monkey.fleet.Fixtures;
import io.monkeyfleet.monkey.provisioning.ProvisionerException;
import io.monkeyfleet.monkey.workflow.FleetWorkflow;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A launch whose answer has not come yet is tried again as it is, with the same
 * idempotency key: giving it up and launching again later could launch two hosts.
 */
class LaunchWorkflowTests {

	@Test
	void aLaunchWithNoAnswerYetStaysInItsFirstStepAndIsAskedAgainWithTheSameKey() {
		UnansweredCloud cloud = new UnansweredCloud();
		// The store, steps and alerts are not touched while the launch waits.
		LaunchWorkflow launches = new LaunchWorkflow(cloud, null, null, null, null);
		FleetView view = Fixtures.pool("web", 2, 1).tick();
		FleetWorkflow workflow = LaunchWorkflow.workflow("web", view.now(), "hot", Map.of());

		Optional<FleetWorkflow> first = launches.advance(workflow, view, 7, (step) -> null);
		Optional<FleetWorkflow> second = launches.advance(first.orElseThrow(), view, 7, (step) -> null);

		assertThat(first).contains(workflow);
		assertThat(second).contains(workflow);
		assertThat(cloud.keys).hasSize(2).allMatch((key) -> key.equals(cloud.keys.get(0)));
	}

	/** A provider whose provisioner has not answered any launch yet. */
	private static final class UnansweredCloud implements CloudProvider {

		final java.util.List<String> keys = new java.util.ArrayList<>();

		@Override
		public String name() {
			return "provisioner";
		}

		@Override
		public Launch launch(LaunchRequest request) {
			this.keys.add(request.idempotencyKey());
			throw new CloudException("launch from web: no answer within 250 ms",
					ProvisionerException.unanswered("launch from web: no answer within 250 ms"));
		}

		@Override
		public Progress launchProgress(Launch launch) {
			throw new AssertionError("the launch step only asks for a launch");
		}

		@Override
		public String terminate(TerminateRequest request) {
			throw new AssertionError("the launch step only asks for a launch");
		}

		@Override
		public Progress terminationProgress(String operationId) {
			throw new AssertionError("the launch step only asks for a launch");
		}

	}

}

package io.monkeyfleet.model;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.monkeyfleet.model.NodeState.ACTIVE;
import static io.monkeyfleet.model.NodeState.DRAINING;
import static io.monkeyfleet.model.NodeState.JOINING;
import static io.monkeyfleet.model.NodeState.MIGRATING;
import static io.monkeyfleet.model.NodeState.QUARANTINED;
import static io.monkeyfleet.model.NodeState.REBOOTING;
import static io.monkeyfleet.model.NodeState.RECOVERING;
import static io.monkeyfleet.model.NodeState.TERMINATING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NodeStateTests {

	/**
	 * The whole table, written out once more so a change to it is a deliberate change
	 * here too.
	 */
	private static final Map<NodeState, Set<NodeState>> EXPECTED = Map.of(JOINING,
			EnumSet.of(ACTIVE, QUARANTINED, TERMINATING), ACTIVE, EnumSet.of(DRAINING, MIGRATING, QUARANTINED),
			DRAINING, EnumSet.of(REBOOTING, TERMINATING, ACTIVE, QUARANTINED), REBOOTING,
			EnumSet.of(RECOVERING, QUARANTINED), RECOVERING, EnumSet.of(ACTIVE, REBOOTING, QUARANTINED), QUARANTINED,
			EnumSet.of(RECOVERING, TERMINATING), MIGRATING, EnumSet.of(TERMINATING, REBOOTING, ACTIVE, QUARANTINED),
			TERMINATING, EnumSet.noneOf(NodeState.class));

	@ParameterizedTest
	@EnumSource(NodeState.class)
	void allowsExactlyTheTransitionsOfTheTable(NodeState from) {
		for (NodeState to : NodeState.values()) {
			assertThat(from.canMoveTo(to)).as("%s -> %s", from, to).isEqualTo(EXPECTED.get(from).contains(to));
		}
		assertThat(from.allowedTargets()).isEqualTo(EXPECTED.get(from));
	}

	@Test
	void theDoctorsRepairLoopIsAllowedEndToEnd() {
		NodeStatus status = NodeStatus.joining(Instant.EPOCH);
		for (NodeState next : new NodeState[] { ACTIVE, DRAINING, REBOOTING, RECOVERING, ACTIVE }) {
			status = status.moveTo("n", next, Instant.EPOCH, "step");
		}
		assertThat(status.state()).isEqualTo(ACTIVE);
		assertThat(status.version()).isEqualTo(6);
	}

	@Test
	void noStateMovesToItself() {
		for (NodeState state : NodeState.values()) {
			assertThat(state.canMoveTo(state)).as("%s -> itself", state).isFalse();
		}
	}

	@Test
	void onlyActiveNodesReceiveTraffic() {
		for (NodeState state : NodeState.values()) {
			assertThat(state.receivesTraffic()).isEqualTo(state == ACTIVE);
		}
	}

	@Test
	void quarantineIsReachableFromEveryStateButTerminating() {
		for (NodeState state : EnumSet.complementOf(EnumSet.of(QUARANTINED, TERMINATING))) {
			assertThat(state.canMoveTo(QUARANTINED)).as(state.name()).isTrue();
		}
	}

	@Test
	void anIllegalMoveSaysWhatIsAllowed() {
		NodeStatus draining = new NodeStatus(DRAINING, 3, Instant.EPOCH, "hot");
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> draining.moveTo("node-7", JOINING, Instant.EPOCH, "why"))
			.withMessageContaining("node 'node-7' cannot move from DRAINING to JOINING")
			.withMessageContaining("REBOOTING")
			.satisfies((ex) -> {
				assertThat(ex.from()).isEqualTo(DRAINING);
				assertThat(ex.to()).isEqualTo(JOINING);
			});
	}

	@Test
	void terminatingIsFinal() {
		NodeStatus terminating = new NodeStatus(TERMINATING, 9, Instant.EPOCH, "scale-in");
		assertThatExceptionOfType(IllegalTransitionException.class)
			.isThrownBy(() -> terminating.moveTo("n", ACTIVE, Instant.EPOCH, "undo"))
			.withMessageContaining("allowed from TERMINATING: none");
	}

}

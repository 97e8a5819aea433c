package io.monkeyfleet.monkey.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.model.GatewayReport;
import io.monkeyfleet.model.NodeTraffic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long the gateways have kept a node ejected, as the doctor counts it: a gap between
 * two ejections (the gateway's probe request after an ejection ends, failing again) does
 * not restart the count; a node left alone past the tolerance has healed; a node whose
 * lifecycle state changed starts again.
 */
class GatewayTrafficTests {

	private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

	private static final Duration TICK = Duration.ofMillis(500);

	/** Requests node-1 answered so far, as the gateway counts them. */
	private long node1Answered = 10;

	/** node-1's lifecycle state version. */
	private long node1StateVersion = 7;

	private final GatewayTraffic traffic = new GatewayTraffic(null, Duration.ofSeconds(5), Duration.ofSeconds(3));

	@Test
	void consecutiveEjectedTicksAreCounted() {
		assertThat(tick(0, true).ejectedTicks("node-1")).isEqualTo(1);
		assertThat(tick(1, true).ejectedTicks("node-1")).isEqualTo(2);
		assertThat(tick(2, true).ejectedTicks("node-1")).isEqualTo(3);
		assertThat(tick(2, true).ejectedTicks("node-2")).isZero();
	}

	@Test
	void aShortGapBetweenTwoEjectionsNeitherEndsTheStreakNorAddsToIt() {
		tick(0, true);
		tick(1, true);
		assertThat(tick(2, false).ejectedTicks("node-1")).isEqualTo(2);
		assertThat(tick(3, false).ejectedTicks("node-1")).isEqualTo(2);
		assertThat(tick(4, true).ejectedTicks("node-1")).isEqualTo(3);
	}

	@Test
	void aNodeThatAnsweredARequestSinceItsLastEjectionStartsAgainFromZero() {
		tick(0, true);
		tick(1, true);
		assertThat(tick(2, false).ejectedTicks("node-1")).isEqualTo(2);
		this.node1Answered += 5;
		assertThat(tick(3, false).ejectedTicks("node-1")).isZero();
		assertThat(tick(4, true).ejectedTicks("node-1")).isEqualTo(1);
	}

	@Test
	void aNodeNotEjectedForLongerThanTheToleranceStartsAgainFromZero() {
		tick(0, true);
		tick(1, true);
		// 3 s of tolerance is six ticks of 500 ms; the seventh without an ejection ends
		// it.
		for (int t = 2; t <= 8; t++) {
			tick(t, false);
		}
		assertThat(tick(9, false).ejectedTicks("node-1")).isZero();
		assertThat(tick(10, true).ejectedTicks("node-1")).isEqualTo(1);
	}

	@Test
	void aChangeOfTheNodesLifecycleStateEndsTheStreak() {
		tick(0, true);
		tick(1, true);
		assertThat(tick(2, true).ejectedTicks("node-1")).isEqualTo(3);
		// Drained: the gateway may keep it ejected, the streak starts again under the new
		// state, and again once it is admitted after its repair.
		this.node1StateVersion = 8;
		assertThat(tick(3, true).ejectedTicks("node-1")).isEqualTo(1);
		assertThat(tick(4, true).ejectedTicks("node-1")).isEqualTo(2);
		this.node1StateVersion = 11;
		assertThat(tick(5, true).ejectedTicks("node-1")).isEqualTo(1);
	}

	/** One tick's summary, with node-1 ejected by the gateway's fresh report or not. */
	private TrafficView tick(int tick, boolean ejected) {
		Instant now = START.plus(TICK.multipliedBy(tick));
		// Each tick, one more request that failed (the probe after an ejection).
		NodeTraffic node1 = new NodeTraffic("web", this.node1Answered + 20 + tick, 20 + tick, 0, 1, 1, 1, 1,
				ejected ? now.plusSeconds(2) : null);
		NodeTraffic node2 = new NodeTraffic("web", 10, 0, 0, 1, 1, 1, 1, null);
		return this.traffic.summarize(List.of(new GatewayReport("gw-1", now, Map.of("node-1", node1, "node-2", node2))),
				Map.of("node-1", this.node1StateVersion, "node-2", 3L), now);
	}

}

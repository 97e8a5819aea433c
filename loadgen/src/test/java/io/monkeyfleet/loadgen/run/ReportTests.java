package io.monkeyfleet.loadgen.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	private static final Instant START = Instant.parse("2026-12-07T22:00:00Z");

	private static final Report.Percentiles NONE = new Report.Percentiles(0, 0, 0, 0, 0, 0);

	private final Report report = report(List.of(new Report.Second(0, 10, 0, Map.of("node-1", 10L)),
			new Report.Second(1, 10, 0, Map.of("node-1", 6L, "node-3", 4L)),
			new Report.Second(2, 10, 0, Map.of("node-3", 10L))));

	@Test
	void theFirstSecondInWhichTheNodeAnsweredAtOrAfterTheMoment() {
		assertThat(this.report.firstAnswer("node-3", START)).contains(START.plusSeconds(1));
		assertThat(this.report.firstAnswer("node-1", START.plusMillis(1500))).contains(START.plusSeconds(1));
		assertThat(this.report.firstAnswer("node-3", START.plusSeconds(2))).contains(START.plusSeconds(2));
	}

	@Test
	void emptyWhenTheNodeHasNotAnsweredSince() {
		assertThat(this.report.firstAnswer("node-1", START.plusSeconds(2))).isEmpty();
		assertThat(this.report.firstAnswer("node-9", START)).isEmpty();
	}

	private static Report report(List<Report.Second> timeline) {
		return new Report(1, "http://127.0.0.1/", List.of(), START, 3, 30, 30, 30, 0, 0, 0, 10, NONE, NONE, Map.of(),
				Map.of(), Map.of(), Map.of(), timeline, List.of(), List.of());
	}

}

package io.monkeyfleet.loadgen.chaos;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chaos steps in time order, from a comma-separated list such as
 * {@code 10s:cpu:node-1:60,30s:sigstop:node-2,45s:sigcont:node-2}.
 */
public record ChaosSchedule(List<ChaosStep> steps) {

	public ChaosSchedule {
		steps = steps.stream().sorted(Comparator.comparing(ChaosStep::at)).toList();
	}

	public static ChaosSchedule none() {
		return new ChaosSchedule(List.of());
	}

	public static ChaosSchedule parse(String text) {
		List<ChaosStep> steps = new ArrayList<>();
		if (text != null && !text.isBlank()) {
			for (String step : text.split(",")) {
				steps.add(ChaosStep.parse(step));
			}
		}
		return new ChaosSchedule(steps);
	}

	public boolean isEmpty() {
		return this.steps.isEmpty();
	}

}

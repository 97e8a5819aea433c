package io.monkeyfleet.loadgen.chaos;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ChaosStepTests {

	@Test
	void stepsReadAsTimeActionNodeProcessAndArgument() {
		assertThat(ChaosStep.parse("10s:cpu:node-1:60"))
			.isEqualTo(new ChaosStep(Duration.ofSeconds(10), ChaosAction.CPU, "node-1", null, 60, 1));
		assertThat(ChaosStep.parse("10s:cpu:node-1:60:2").cores()).isEqualTo(2);
		assertThat(ChaosStep.parse("500ms:memory:n2"))
			.isEqualTo(new ChaosStep(Duration.ofMillis(500), ChaosAction.MEMORY, "n2", null, 90, 1));
		assertThat(ChaosStep.parse("2m:SIGKILL:node-3/agent"))
			.isEqualTo(new ChaosStep(Duration.ofMinutes(2), ChaosAction.SIGKILL, "node-3", "agent", 0, 1));
		assertThat(ChaosStep.parse("0s:sigstop:node-2").process()).isNull();
	}

	@Test
	void aScheduleIsInTimeOrder() {
		ChaosSchedule schedule = ChaosSchedule.parse("45s:sigcont:node-2,30s:sigstop:node-2,10s:hang:node-1:5");
		assertThat(schedule.steps()).extracting(ChaosStep::action)
			.containsExactly(ChaosAction.HANG, ChaosAction.SIGSTOP, ChaosAction.SIGCONT);
		assertThat(ChaosSchedule.parse("").isEmpty()).isTrue();
	}

	@Test
	void badStepsSayWhatAStepLooksLike() {
		assertThatIllegalArgumentException().isThrownBy(() -> ChaosStep.parse("cpu:node-1"))
			.withMessageContaining("AT:ACTION:NODE");
		assertThatIllegalArgumentException().isThrownBy(() -> ChaosStep.parse("1s:explode:node-1"))
			.withMessageContaining("unknown chaos action 'explode'");
		assertThatIllegalArgumentException().isThrownBy(() -> ChaosStep.parse("1s:cpu:node-1/app"))
			.withMessageContaining("name no process");
		assertThatIllegalArgumentException().isThrownBy(() -> ChaosStep.parse("1s:hang:node-1:5:2"))
			.withMessageContaining("only a cpu step takes a number of cores");
		assertThatIllegalArgumentException().isThrownBy(() -> ChaosStep.parse("1s:sigkill:../../x"))
			.withMessageContaining("AT:ACTION:NODE");
	}

}

package io.monkeyfleet.agent.sampling;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;

import io.monkeyfleet.testsupport.time.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;
import oshi.software.os.OperatingSystem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ProcessTreeMeterTests {

	private static final OperatingSystem OS = new SystemInfo().getOperatingSystem();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

	@Test
	void measuresThisJvmsResidentMemoryAgainstTheLimit() {
		int self = (int) ProcessHandle.current().pid();
		long limit = Runtime.getRuntime().maxMemory() * 4;
		Reading reading = new ProcessTreeMeter(OS, PidSource.fixed(self), 1, limit, this.clock).read().orElseThrow();
		assertThat(reading.memoryPercent()).isGreaterThan(0).isLessThanOrEqualTo(100);
		assertThat(reading.cpuPercent()).isBetween(0.0, 100.0);
	}

	@Test
	void aProcessThatIsGoneReadsAsZeroNotAsAnError() {
		ProcessTreeMeter meter = new ProcessTreeMeter(OS, OptionalInt::empty, 1, 1 << 20, this.clock);
		assertThat(meter.read()).contains(new Reading(0, 0));
	}

	@Test
	void followsThePidFileAsItChanges(@TempDir Path folder) throws Exception {
		Path pidFile = folder.resolve("app.pid");
		assertThat(PidSource.file(pidFile).get()).isEmpty();
		Files.writeString(pidFile, "12345\n");
		assertThat(PidSource.file(pidFile).get()).hasValue(12345);
		Files.writeString(pidFile, "not a pid");
		assertThat(PidSource.file(pidFile).get()).isEmpty();
	}

	@Test
	void measuresCpuOverTheTimeSinceThePreviousReading() {
		int self = (int) ProcessHandle.current().pid();
		ProcessTreeMeter meter = new ProcessTreeMeter(OS, PidSource.fixed(self), 1, 1L << 40, this.clock);
		meter.read();
		// With the clock moved a whole hour, whatever CPU this JVM used meanwhile is a
		// tiny share.
		this.clock.advance(Duration.ofHours(1));
		assertThat(meter.read().orElseThrow().cpuPercent()).isLessThan(5);
	}

	@Test
	void refusesNonsensicalCapacities() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProcessTreeMeter(OS, OptionalInt::empty, 0, 1, this.clock))
			.withMessageContaining("cores");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProcessTreeMeter(OS, OptionalInt::empty, 1, 0, this.clock))
			.withMessageContaining("memory limit");
	}

	@Test
	void readingsStayWithinZeroToHundred() {
		assertThat(new Reading(100.4, -0.1)).isEqualTo(new Reading(100, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new Reading(Double.NaN, 1));
	}

}

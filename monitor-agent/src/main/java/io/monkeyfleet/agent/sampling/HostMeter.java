package io.monkeyfleet.agent.sampling;

import java.lang.management.ManagementFactory;
import java.util.Optional;

import com.sun.management.OperatingSystemMXBean;
import oshi.hardware.GlobalMemory;

/**
 * The whole host. CPU comes from the JDK's {@code OperatingSystemMXBean}, which reads the
 * cgroup quota inside a container and the whole machine elsewhere. Memory comes from
 * OSHI's {@code MemAvailable}, which counts reclaimable page cache as free: "free" alone
 * would make every long-running host look full.
 */
public final class HostMeter implements Meter {

	private final OperatingSystemMXBean os;

	private final GlobalMemory memory;

	public HostMeter(GlobalMemory memory) {
		this.os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
		this.memory = memory;
		// The first call only sets the baseline the next one measures against.
		this.os.getCpuLoad();
	}

	@Override
	public Optional<Reading> read() {
		double cpu = this.os.getCpuLoad();
		long total = this.memory.getTotal();
		if (cpu < 0 || total <= 0) {
			return Optional.empty();
		}
		double used = 100.0 * (total - this.memory.getAvailable()) / total;
		return Optional.of(new Reading(100 * cpu, used));
	}

	@Override
	public String describe() {
		return "the whole host (" + this.os.getAvailableProcessors() + " CPUs, " + (this.memory.getTotal() >> 20)
				+ " MiB)";
	}

}

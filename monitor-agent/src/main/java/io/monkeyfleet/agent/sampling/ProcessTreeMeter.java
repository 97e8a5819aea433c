package io.monkeyfleet.agent.sampling;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;

import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/**
 * One process and all its descendants, for hosts that run several nodes (the local
 * stack): there, the whole host's CPU would be the same for every node.
 *
 * <p>
 * CPU is the tree's CPU time over wall time since the previous reading, against
 * {@code cores} cores: a tree that keeps one core busy reads 100 % with
 * {@code cores = 1}. Memory is the tree's resident memory against
 * {@code memoryLimitBytes}. The process id is looked up on every reading, so a process
 * restarted under a new id (its pid file rewritten) is followed; a process that is gone
 * reads as 0 % and its health probe says the rest.
 */
public final class ProcessTreeMeter implements Meter {

	private final OperatingSystem os;

	private final Supplier<OptionalInt> pid;

	private final int cores;

	private final long memoryLimitBytes;

	private final Clock clock;

	private int previousPid = -1;

	private long previousCpuMillis;

	private long previousWallMillis;

	public ProcessTreeMeter(OperatingSystem os, Supplier<OptionalInt> pid, int cores, long memoryLimitBytes,
			Clock clock) {
		if (cores < 1) {
			throw new IllegalArgumentException("cores must be at least 1, was " + cores);
		}
		if (memoryLimitBytes < 1) {
			throw new IllegalArgumentException("memory limit must be positive, was " + memoryLimitBytes);
		}
		this.os = os;
		this.pid = pid;
		this.cores = cores;
		this.memoryLimitBytes = memoryLimitBytes;
		this.clock = clock;
	}

	@Override
	public synchronized Optional<Reading> read() {
		OptionalInt current = this.pid.get();
		OSProcess root = current.isPresent() ? this.os.getProcess(current.getAsInt()) : null;
		long now = this.clock.millis();
		if (root == null) {
			this.previousPid = -1;
			return Optional.of(new Reading(0, 0));
		}
		List<OSProcess> tree = new java.util.ArrayList<>(
				this.os.getDescendantProcesses(root.getProcessID(), null, null, 0));
		tree.add(root);
		long cpuMillis = tree.stream().mapToLong((p) -> p.getKernelTime() + p.getUserTime()).sum();
		long residentBytes = tree.stream().mapToLong(OSProcess::getResidentMemory).sum();
		double cpuPercent;
		if (root.getProcessID() == this.previousPid && now > this.previousWallMillis) {
			cpuPercent = percentOfCores(cpuMillis - this.previousCpuMillis, now - this.previousWallMillis);
		}
		else {
			// A new process: measure it over its life so far rather than report nothing.
			cpuPercent = percentOfCores(cpuMillis, Math.max(1, root.getUpTime()));
		}
		this.previousPid = root.getProcessID();
		this.previousCpuMillis = cpuMillis;
		this.previousWallMillis = now;
		return Optional.of(new Reading(cpuPercent, 100.0 * residentBytes / this.memoryLimitBytes));
	}

	private double percentOfCores(long cpuMillis, long wallMillis) {
		return 100.0 * Math.max(0, cpuMillis) / wallMillis / this.cores;
	}

	@Override
	public String describe() {
		return "the process tree of pid " + this.pid.get().stream().mapToObj(String::valueOf).findFirst().orElse("?")
				+ " against " + this.cores + " core(s) and " + (this.memoryLimitBytes >> 20) + " MiB";
	}

}

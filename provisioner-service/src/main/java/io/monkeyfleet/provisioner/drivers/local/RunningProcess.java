package io.monkeyfleet.provisioner.drivers.local;

import java.time.Instant;
import java.util.Optional;

/**
 * One process of a local host, as written to the host's pid file.
 *
 * @param name the process's name in the host's definition
 * @param pid its process id
 * @param startedAt the operating system's start time of that pid, so a reused pid is
 * never mistaken for ours; {@code null} when the system does not tell
 * @param ownGroup whether it leads its own process group (started through
 * {@code setsid}), so the whole group can be signalled
 * @param log where its output goes
 */
record RunningProcess(String name, long pid, Instant startedAt, boolean ownGroup, String log) {

	/** The live process this record describes, if it is still running. */
	Optional<ProcessHandle> handle() {
		return ProcessHandle.of(this.pid).filter(ProcessHandle::isAlive).filter((handle) -> {
			Optional<Instant> start = handle.info().startInstant();
			return this.startedAt == null || start.isEmpty() || start.get().equals(this.startedAt);
		});
	}

}

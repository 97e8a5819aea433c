package io.monkeyfleet.agent.sampling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Which process to watch: a fixed id, or the id in a pid file, read afresh every time
 * because a restarted process writes a new one. An unreadable or missing file means "no
 * process now".
 */
public final class PidSource {

	private PidSource() {
	}

	public static Supplier<OptionalInt> fixed(int pid) {
		OptionalInt value = OptionalInt.of(pid);
		return () -> value;
	}

	public static Supplier<OptionalInt> file(Path pidFile) {
		return () -> {
			try {
				return OptionalInt.of(Integer.parseInt(Files.readString(pidFile).trim()));
			}
			catch (IOException | NumberFormatException ex) {
				return OptionalInt.empty();
			}
		};
	}

}

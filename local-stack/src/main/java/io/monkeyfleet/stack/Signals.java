package io.monkeyfleet.stack;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * POSIX signals by pid through {@code kill(1)}: the JDK can only terminate, and a stack
 * that is broken on purpose needs to freeze ({@code STOP}) and resume ({@code CONT}) too.
 */
final class Signals {

	static final String KILL = "KILL";

	static final String STOP = "STOP";

	static final String CONT = "CONT";

	private Signals() {
	}

	static void send(long pid, String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
				.start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " " + pid + " failed: "
						+ new String(kill.getInputStream().readAllBytes()).trim());
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("could not run kill -" + signal + " " + pid, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** As {@link #send}, for a process that may already be gone. */
	static void sendQuietly(long pid, String signal) {
		try {
			send(pid, signal);
		}
		catch (IllegalStateException ex) {
			// Gone already: nothing to signal.
		}
	}

}

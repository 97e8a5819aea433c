package io.monkeyfleet.testsupport.process;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * POSIX signals to any process by id, through {@code kill(1)}: the JDK can only
 * terminate, and fault tests need to freeze ({@code STOP}) and resume ({@code CONT}) too.
 */
public final class Signals {

	public static final String KILL = "KILL";

	public static final String STOP = "STOP";

	public static final String CONT = "CONT";

	public static final String TERM = "TERM";

	private Signals() {
	}

	public static void send(long pid, String signal) {
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

}

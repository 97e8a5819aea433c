package io.monkeyfleet.loadgen.chaos;

import java.util.Locale;

/** What a chaos step does to a node. */
public enum ChaosAction {

	/**
	 * Burns cores of the app (one unless given) for {@code argument} seconds (default
	 * 60).
	 */
	CPU(true, 60),
	/** Holds heap until {@code argument} percent of the app's maximum (default 90). */
	MEMORY(true, 90),
	/**
	 * The app answers nothing for {@code argument} seconds (default 30; 0 = for ever).
	 */
	HANG(true, 30),
	/** Ends burns and releases held memory. */
	RESET(true, 0),
	/** {@code SIGKILL} to the node's processes (or one of them). */
	SIGKILL(false, 0),
	/** {@code SIGSTOP}: frozen, holding its sockets, answering nothing. */
	SIGSTOP(false, 0),
	/** {@code SIGCONT} after a {@code SIGSTOP}. */
	SIGCONT(false, 0);

	private final boolean http;

	private final int defaultArgument;

	ChaosAction(boolean http, int defaultArgument) {
		this.http = http;
		this.defaultArgument = defaultArgument;
	}

	/** Carried out through the app's chaos endpoints, rather than by a signal. */
	public boolean http() {
		return this.http;
	}

	public int defaultArgument() {
		return this.defaultArgument;
	}

	/** The signal's name for {@code kill(1)}. */
	String signal() {
		return name().substring(3);
	}

	static ChaosAction parse(String text) {
		try {
			return valueOf(text.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(
					"unknown chaos action '" + text + "'; known: cpu, memory, hang, reset, sigkill, sigstop, sigcont");
		}
	}

}

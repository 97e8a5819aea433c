package io.monkeyfleet.stack;

import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * What the launcher tells its user while it works: one status line that changes (redrawn
 * in place on a terminal; printed when it changes otherwise), and notes, each a line of
 * its own.
 */
public final class Progress {

	private final PrintStream out;

	private final boolean terminal;

	private final boolean unicode = Charset.defaultCharset().equals(StandardCharsets.UTF_8);

	private String last = "";

	/**
	 * @param terminal whether {@code out} is a terminal, where the status line is redrawn
	 * in place
	 */
	public Progress(PrintStream out, boolean terminal) {
		this.out = out;
		this.terminal = terminal;
	}

	/** The current status; replaces the previous one. */
	public synchronized void status(String line) {
		if (this.terminal) {
			this.out.print("\r" + line + " ".repeat(Math.max(0, this.last.length() - line.length())));
			this.out.flush();
		}
		else if (!withoutTime(line).equals(withoutTime(this.last))) {
			this.out.println(line);
		}
		this.last = line;
	}

	/** Leaves the current status on screen and starts afresh below it. */
	public synchronized void endStatus() {
		if (this.terminal && !this.last.isEmpty()) {
			this.out.println();
		}
		this.last = "";
	}

	/** A line of its own, printed above the status line. */
	public synchronized void note(String line) {
		if (this.terminal && !this.last.isEmpty()) {
			this.out.print("\r" + " ".repeat(this.last.length()) + "\r");
		}
		this.out.println(line);
		if (this.terminal && !this.last.isEmpty()) {
			this.out.print(this.last);
			this.out.flush();
		}
	}

	/** A mark for done or not, in the symbols the console can show. */
	String mark(boolean done) {
		if (this.unicode) {
			return done ? "✓" : "…";
		}
		return done ? "up" : "..";
	}

	private static String withoutTime(String line) {
		int end = line.indexOf(']');
		return (line.startsWith("[") && end > 0) ? line.substring(end + 1) : line;
	}

}

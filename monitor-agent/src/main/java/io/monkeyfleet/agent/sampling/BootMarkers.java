package io.monkeyfleet.agent.sampling;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.monkeyfleet.model.MetricsSample;

/**
 * Reads what identifies the machine's current boot, which the agent publishes with every
 * sample: a reboot is proven by a different value afterwards. Read once, when the agent
 * starts: a boot marker cannot change while the process that read it lives.
 */
public final class BootMarkers {

	/** Where the kernel shows process 1. */
	public static final Path INIT_STAT = Path.of("/proc/1/stat");

	/** {@code starttime}, in {@code proc(5)}'s numbering. */
	private static final int START_TIME_FIELD = 22;

	private BootMarkers() {
	}

	/**
	 * The file's content without surrounding white space (a kernel boot id ends with a
	 * newline).
	 * @throws IllegalArgumentException when the file cannot be read, or its content is
	 * not 1 to 128 visible ASCII characters
	 */
	public static String fromFile(Path file) {
		String content;
		try {
			// Bounded: /proc files report no size, and a wrong path may name a huge file.
			byte[] head;
			try (var in = Files.newInputStream(file)) {
				head = in.readNBytes(MetricsSample.MAX_BOOT_MARKER_LENGTH * 2 + 2);
			}
			content = new String(head, StandardCharsets.US_ASCII).strip();
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read " + file + ": " + reason(ex), ex);
		}
		return MetricsSample.requireBootMarker(content, "the content of " + file);
	}

	/**
	 * The start time of process 1, field 22 of {@code stat}, in clock ticks since the
	 * kernel booted: new whenever the container (or the machine) starts again.
	 * @param stat {@link #INIT_STAT}, or a copy of one
	 * @throws IllegalArgumentException when it cannot be read or is not a stat line
	 */
	public static String initStart(Path stat) {
		String line;
		try {
			line = Files.readString(stat, StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read " + stat + ": " + reason(ex), ex);
		}
		// "1 (comm) S 0 ...": the command may hold spaces and parentheses, so fields
		// are counted from the last ')', which ends it and is followed by field 3.
		int commandEnd = line.lastIndexOf(')');
		String[] fields = (commandEnd >= 0) ? line.substring(commandEnd + 1).trim().split("\\s+") : new String[0];
		int index = START_TIME_FIELD - 3;
		if (index >= fields.length || !fields[index].matches("[0-9]{1,20}")) {
			throw new IllegalArgumentException(stat + " is not a process stat line (no start time in field "
					+ START_TIME_FIELD + "): " + shortened(line));
		}
		return fields[index];
	}

	private static String reason(IOException ex) {
		return (ex instanceof java.nio.file.NoSuchFileException) ? "no such file"
				: (ex instanceof java.nio.file.AccessDeniedException) ? "permission denied" : ex.toString();
	}

	private static String shortened(String text) {
		String line = text.strip();
		return (line.length() > 80) ? line.substring(0, 80) + "…" : line;
	}

}

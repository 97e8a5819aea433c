package io.monkeyfleet.testsupport.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the fault-injection and security tests measured, as they measured it: each test
 * writes one row (the item, what was done, its figures) to
 * {@code target/reliability/<item>.md} at the repository's root, and the table of every
 * row so far is written to {@code target/reliability.md} after each, which is what
 * {@code docs/reliability.md} shows. The figures are the tests' own counts, never typed
 * in by hand.
 */
public final class ReliabilityReport {

	private ReliabilityReport() {
	}

	/**
	 * Records one item's figures, such as {@code "requests sent" → "9000"}, in the map's
	 * order (give an ordered map).
	 * @param item the item's number in the suite (docs/reliability.md's first column)
	 * @param fault what the test did, in a few words
	 * @param figures what it measured, by name
	 */
	public static void record(int item, String fault, Map<String, String> figures) {
		StringBuilder row = new StringBuilder("| ").append(item).append(" | ").append(cell(fault)).append(" | ");
		List<String> measured = new ArrayList<>();
		new LinkedHashMap<>(figures).forEach((name, value) -> measured.add(cell(name) + ": " + cell(value)));
		row.append(String.join("; ", measured)).append(" |\n");
		try {
			Path folder = Files.createDirectories(folder());
			Files.writeString(folder.resolve(String.format("%02d.md", item)), row.toString(), StandardCharsets.UTF_8);
			Files.writeString(folder.resolveSibling("reliability.md"), render(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Records one item's figures given as name, value, name, value, ... in that order.
	 */
	public static void record(int item, String fault, String... namesAndValues) {
		if (namesAndValues.length % 2 != 0) {
			throw new IllegalArgumentException("figures come as name, value pairs");
		}
		Map<String, String> figures = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			figures.put(namesAndValues[i], namesAndValues[i + 1]);
		}
		record(item, fault, figures);
	}

	/** The table of every row recorded so far, by item. */
	public static String render() {
		StringBuilder table = new StringBuilder("| item | fault or input | measured |\n| --- | --- | --- |\n");
		try (Stream<Path> rows = Files.exists(folder()) ? Files.list(folder()) : Stream.empty()) {
			rows.filter((file) -> file.getFileName().toString().endsWith(".md")).sorted().forEach((file) -> {
				try {
					table.append(Files.readString(file, StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return table.toString();
	}

	/** {@code target/reliability} at the repository's root (where {@code mvnw} is). */
	static Path folder() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.exists(directory.resolve("mvnw"))) {
			directory = directory.getParent();
		}
		Path root = (directory != null) ? directory : Path.of("").toAbsolutePath();
		return root.resolve("target").resolve("reliability");
	}

	private static String cell(String text) {
		return text.replace("|", "\\|").replace('\n', ' ');
	}

}

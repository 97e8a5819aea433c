package io.monkeyfleet.stack.scenarios;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.monkeyfleet.loadgen.run.Report;
import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.stack.LocalStack;
import io.monkeyfleet.stack.MailCatcher;
import io.monkeyfleet.store.StoredEvent;

/**
 * One scenario's record: what the test did and when (marks), what the fleet did (the
 * event stream) and which mails came, printed as a one-screen summary with the measured
 * figures, which are also appended to {@code target/scenario-results.md}.
 */
final class Scenario {

	private static final Path RESULTS = Path.of("target", "scenario-results.md");

	private final String name;

	private final String title;

	private final LocalStack stack;

	private final Instant started = Instant.now();

	private final int mailsBefore;

	private final List<Line> marks = new CopyOnWriteArrayList<>();

	private final Map<String, String> figures = new LinkedHashMap<>();

	private record Line(Instant at, String text) {

	}

	private Scenario(String name, String title, LocalStack stack) {
		this.name = name;
		this.title = title;
		this.stack = stack;
		this.mailsBefore = stack.mail().mails().size();
	}

	static Scenario begin(String name, String title, LocalStack stack) {
		return new Scenario(name, title, stack);
	}

	Instant started() {
		return this.started;
	}

	/** Notes what the test did, now. */
	Instant mark(String text) {
		Instant now = Instant.now();
		this.marks.add(new Line(now, text));
		return now;
	}

	/** A measured figure, for the summary and the results file. */
	void figure(String name, String value) {
		this.figures.put(name, value);
	}

	void seconds(String name, Instant from, Instant to) {
		figure(name, String.format(Locale.ROOT, "%.1f s", Duration.between(from, to).toMillis() / 1000.0));
	}

	/** The fleet's events since the scenario began (empty while Redis is away). */
	List<FleetEvent> events() {
		try {
			return this.stack.store().eventsSince(this.started, 10_000).stream().map(StoredEvent::event).toList();
		}
		catch (RuntimeException ex) {
			return List.of();
		}
	}

	List<FleetEvent> events(EventType type, String node) {
		return events().stream()
			.filter((event) -> event.type() == type && (node == null || node.equals(event.nodeId())))
			.toList();
	}

	/** When {@code node} first moved to {@code state} at or after {@code since}. */
	Optional<Instant> reached(String node, NodeState state, Instant since) {
		return events(EventType.NODE_STATE_CHANGED, node).stream()
			.filter((event) -> !event.time().isBefore(since) && state.name().equals(event.evidence().get("to")))
			.map(FleetEvent::time)
			.findFirst();
	}

	/** The states {@code node} moved through since the scenario began. */
	List<NodeState> transitions(String node) {
		return events(EventType.NODE_STATE_CHANGED, node).stream()
			.map((event) -> NodeState.valueOf(event.evidence().get("to")))
			.toList();
	}

	/** Mails received since the scenario began. */
	List<MailCatcher.Mail> mails() {
		List<MailCatcher.Mail> all = this.stack.mail().mails();
		return all.subList(Math.min(this.mailsBefore, all.size()), all.size());
	}

	/**
	 * What a failed wait needs to be understood: the node's newest sample and every event
	 * since the scenario began.
	 */
	String diagnosis(String node) {
		StringBuilder text = new StringBuilder();
		if (node == null) {
			text.append("events since the scenario began:");
			events().forEach((event) -> text.append("\n  ").append(event));
			return text.toString();
		}
		try {
			text.append("newest sample of ")
				.append(node)
				.append(": ")
				.append(this.stack.store().sample(node).map(Object::toString).orElse("none"));
		}
		catch (RuntimeException ex) {
			text.append("no sample (").append(ex.getMessage()).append(')');
		}
		text.append("\nevents since the scenario began:");
		events().forEach((event) -> text.append("\n  ").append(event));
		return text.toString();
	}

	/** What the test did and what the fleet did, so far, one line each. */
	String timeline() {
		StringBuilder out = new StringBuilder("timeline:");
		for (Line line : lines()) {
			out.append(String.format(Locale.ROOT, "%n%+8.1fs  %s",
					Duration.between(this.started, line.at()).toMillis() / 1000.0, line.text()));
		}
		return out.toString();
	}

	private List<Line> lines() {
		List<Line> lines = new ArrayList<>(this.marks);
		for (FleetEvent event : events()) {
			describe(event).ifPresent((text) -> lines.add(new Line(event.time(), text)));
		}
		for (MailCatcher.Mail mail : mails()) {
			lines.add(new Line(mail.receivedAt(), "mail: " + mail.subject()));
		}
		lines.sort(Comparator.comparing(Line::at));
		return lines;
	}

	/** Prints the one-screen summary and appends the figures to the results file. */
	void summarize(Report load) {
		List<Line> lines = lines();
		StringBuilder out = new StringBuilder();
		out.append(System.lineSeparator())
			.append(java.time.LocalTime.ofInstant(this.started, java.time.ZoneId.systemDefault()).withNano(0))
			.append(" ==== scenario ")
			.append(this.name)
			.append(": ")
			.append(this.title)
			.append(" ====")
			.append(System.lineSeparator());
		List<Line> shown = (lines.size() > 32) ? shorten(lines) : lines;
		for (Line line : shown) {
			out.append(String.format(Locale.ROOT, "%+8.1fs  %s%n",
					Duration.between(this.started, line.at()).toMillis() / 1000.0, line.text()));
		}
		if (load != null) {
			out.append(String.format(Locale.ROOT,
					"load: %d requests at %s, %d failed (%.3f%%); latency p50 %.1f ms, p99 %.1f ms, max %.1f ms; statuses %s%n",
					load.requests(), load.stages(), load.failed(),
					(load.requests() == 0) ? 0 : 100.0 * load.failed() / load.requests(), load.latencyMs().p50(),
					load.latencyMs().p99(), load.latencyMs().max(), load.statuses()));
			if (!load.failures().isEmpty()) {
				out.append("first failures: ")
					.append(load.failures().subList(0, Math.min(5, load.failures().size())))
					.append(System.lineSeparator());
			}
			figure("requests sent / failed", load.requests() + " / " + load.failed());
		}
		this.figures.forEach((key, value) -> out.append(key).append(": ").append(value).append(System.lineSeparator()));
		System.out.print(out);
		appendResults();
	}

	private static List<Line> shorten(List<Line> lines) {
		List<Line> shown = new ArrayList<>(lines.subList(0, 16));
		shown.add(new Line(lines.get(16).at(), "... " + (lines.size() - 32) + " more ..."));
		shown.addAll(lines.subList(lines.size() - 15, lines.size()));
		return shown;
	}

	private Optional<String> describe(FleetEvent event) {
		String node = (event.nodeId() != null) ? event.nodeId() + " " : "";
		return switch (event.type()) {
			case NODE_STATE_CHANGED -> Optional.of(node + event.evidence().get("from") + " -> "
					+ event.evidence().get("to") + " (" + event.actor() + ": " + shortReason(event) + ")");
			case NODE_REGISTERED, NODE_REMOVED, NODE_EJECTED, BREAKER_OPENED, BREAKER_CLOSED, LEADERSHIP_ACQUIRED,
					ACTION_PROPOSED ->
				Optional.of(event.type() + " " + node + "(" + event.actor() + ": " + shortReason(event) + ")");
			case WORKFLOW_STEP -> Optional.of("workflow " + node + "(" + shortReason(event) + ")");
			default -> Optional.empty();
		};
	}

	private static String shortReason(FleetEvent event) {
		String reason = event.reason();
		return (reason.length() > 90) ? reason.substring(0, 87) + "..." : reason;
	}

	private void appendResults() {
		StringBuilder text = new StringBuilder("| " + this.name + " | ");
		List<String> parts = new ArrayList<>();
		this.figures.forEach((key, value) -> parts.add(key + ": " + value));
		text.append(String.join("; ", parts)).append(" |").append(System.lineSeparator());
		try {
			Files.createDirectories(RESULTS.getParent());
			Files.writeString(RESULTS, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			System.out.println("could not append to " + RESULTS + ": " + ex.getMessage());
		}
	}

}

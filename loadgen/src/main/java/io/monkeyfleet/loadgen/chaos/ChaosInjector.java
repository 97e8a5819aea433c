package io.monkeyfleet.loadgen.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.monkeyfleet.loadgen.run.Report.ChaosRecord;

/**
 * Carries out a chaos schedule: each step at its time from the start, through the app's
 * chaos endpoints ({@code POST /chaos/cpu} ...) or by a signal to the node's processes. A
 * step that fails is recorded with why, and the rest go on.
 */
public final class ChaosInjector implements AutoCloseable {

	private final NodeDirectory nodes;

	private final Clock clock;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

	private final List<ChaosRecord> records = new CopyOnWriteArrayList<>();

	private final ScheduledExecutorService timer = new ScheduledThreadPoolExecutor(1, (task) -> {
		Thread thread = new Thread(task, "loadgen-chaos");
		thread.setDaemon(true);
		return thread;
	});

	public ChaosInjector(NodeDirectory nodes, Clock clock) {
		this.nodes = nodes;
		this.clock = clock;
	}

	/** Schedules every step, counted from now. */
	public void start(ChaosSchedule schedule) {
		for (ChaosStep step : schedule.steps()) {
			this.timer.schedule(() -> this.records.add(apply(step)), step.at().toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/** Carries out one step now. */
	public ChaosRecord apply(ChaosStep step) {
		Instant at = this.clock.instant();
		try {
			String outcome = step.action().http() ? http(step) : signal(step);
			return new ChaosRecord(at, step.toString(), outcome, true);
		}
		catch (RuntimeException ex) {
			return new ChaosRecord(at, step.toString(), ex.getMessage(), false);
		}
	}

	private String http(ChaosStep step) {
		String path = switch (step.action()) {
			case CPU -> "/chaos/cpu?cores=" + step.cores() + "&seconds=" + Math.max(1, step.argument());
			case MEMORY -> "/chaos/memory?percent=" + step.argument();
			case HANG -> "/chaos/hang?seconds=" + step.argument();
			case RESET -> "/chaos/reset";
			default -> throw new IllegalStateException(step.action() + " is not an HTTP action");
		};
		URI uri = this.nodes.app(step.node()).resolve(path);
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(10))
			.POST(HttpRequest.BodyPublishers.noBody())
			.build();
		try {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() / 100 != 2) {
				throw new IllegalStateException(
						"POST " + uri + " answered " + response.statusCode() + ": " + response.body());
			}
			return "POST " + uri + " -> " + response.statusCode() + " " + response.body();
		}
		catch (IOException ex) {
			throw new IllegalStateException("POST " + uri + " failed: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

	private String signal(ChaosStep step) {
		Map<String, Long> processes = this.nodes.processes(step.node());
		List<Long> pids = new ArrayList<>();
		if (step.process() != null) {
			Long pid = processes.get(step.process());
			if (pid == null) {
				throw new IllegalStateException("node " + step.node() + " has no running process '" + step.process()
						+ "' (running: " + processes.keySet() + ")");
			}
			pids.add(pid);
		}
		else {
			pids.addAll(processes.values());
		}
		if (pids.isEmpty()) {
			throw new IllegalStateException("node " + step.node() + " has no running process");
		}
		for (long pid : pids) {
			Signals.send(pid, step.action().signal());
		}
		return "sent SIG" + step.action().signal() + " to " + step.node()
				+ ((step.process() != null) ? "/" + step.process() : "") + " pids " + pids;
	}

	/** The steps carried out so far, in order. */
	public List<ChaosRecord> records() {
		return List.copyOf(this.records);
	}

	@Override
	public void close() {
		this.timer.shutdownNow();
	}

	/** POSIX signals through {@code kill(1)}: the JDK can only terminate. */
	static final class Signals {

		private Signals() {
		}

		static void send(long pid, String signal) {
			try {
				Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
					.start();
				if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
					throw new IllegalStateException("kill -" + signal + " " + pid + " failed: "
							+ new String(kill.getInputStream().readAllBytes()).trim().toLowerCase(Locale.ROOT));
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException("could not run kill -" + signal + " " + pid + ": " + ex.getMessage(),
						ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted", ex);
			}
		}

	}

}

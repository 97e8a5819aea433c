package io.monkeyfleet.loadgen;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.monkeyfleet.loadgen.chaos.ChaosInjector;
import io.monkeyfleet.loadgen.chaos.ProvisionerDirectory;
import io.monkeyfleet.loadgen.run.Report;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The load and chaos generator's command line: sends a seeded request mix open-loop at a
 * constant arrival rate, injects chaos on a schedule, prints throughput, latency
 * percentiles, statuses and errors, and writes the same as JSON.
 *
 * <p>
 * Exit status: 0 after a run, 1 when the failed share was above
 * {@code --max-failed-share}, 2 for bad arguments (one line says which).
 */
public final class LoadGen {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	private LoadGen() {
	}

	public static void main(String[] args) throws InterruptedException {
		if (Arrays.asList(args).contains("--help")) {
			System.out.println(LoadGenSettings.USAGE);
			return;
		}
		LoadGenSettings settings;
		try {
			settings = LoadGenSettings.parse(args, System.currentTimeMillis());
		}
		catch (IllegalArgumentException ex) {
			System.err.println("loadgen cannot start: " + ex.getMessage() + " (--help lists the options)");
			System.exit(2);
			return;
		}
		System.exit(run(settings, System.out, Clock.systemUTC()));
	}

	static int run(LoadGenSettings settings, PrintStream out, Clock clock) throws InterruptedException {
		out.printf(Locale.ROOT, "loadgen: %s, %s, seed %d, %.1f%% malformed, %d requests%n", settings.target(),
				settings.plan().stages(), settings.seed(), settings.mix().malformedShare() * 100,
				settings.plan().requests());
		ChaosInjector chaos = (settings.provisioner() != null) ? new ChaosInjector(
				new ProvisionerDirectory(settings.provisioner(), settings.provisionerToken()), clock) : null;
		Report report;
		try (LoadRun run = LoadRun.start(LoadRun.options(settings.target())
			.plan(settings.plan())
			.mix(settings.mix())
			.seed(settings.seed())
			.timeout(settings.timeout())
			.connectTimeout(settings.connectTimeout())
			.answeredBy(settings.answeredBy())
			.clock(clock))) {
			Thread shutdown = new Thread(run::stop, "loadgen-stop");
			Runtime.getRuntime().addShutdownHook(shutdown);
			if (chaos != null) {
				chaos.start(settings.chaos());
			}
			boolean terminal = System.console() != null;
			while (!run.scheduleDone()) {
				TimeUnit.SECONDS.sleep(1);
				String progress = String.format(Locale.ROOT, "  %d requests, %d failed, %d in flight",
						run.results().requests(), run.results().failed(), run.inFlight());
				out.print(terminal ? "\r" + progress : progress + System.lineSeparator());
			}
			if (terminal) {
				out.println();
			}
			report = run.await();
			if (chaos != null) {
				report = report.withChaos(chaos.records());
				chaos.close();
			}
			try {
				Runtime.getRuntime().removeShutdownHook(shutdown);
			}
			catch (IllegalStateException ex) {
				// Already shutting down (Ctrl-C): the report is still printed below.
			}
		}
		out.println(report.summary());
		if (settings.json() != null) {
			try {
				Files.writeString(settings.json(), JSON.writeValueAsString(report));
				out.println("report written to " + settings.json());
			}
			catch (IOException ex) {
				out.println("could not write the report to " + settings.json() + ": " + ex.getMessage());
				return 1;
			}
		}
		if (settings.maxFailedShare() != null && report.requests() > 0
				&& (double) report.failed() / report.requests() > settings.maxFailedShare()) {
			out.printf(Locale.ROOT, "failed share %.5f is above --max-failed-share=%s%n",
					(double) report.failed() / report.requests(), settings.maxFailedShare());
			return 1;
		}
		return 0;
	}

}

package io.monkeyfleet.loadgen;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import io.monkeyfleet.loadgen.mix.RequestGenerator;
import io.monkeyfleet.loadgen.mix.RequestMix;
import io.monkeyfleet.loadgen.run.LoadPlan;
import io.monkeyfleet.loadgen.run.OpenLoop;
import io.monkeyfleet.loadgen.run.Report;
import io.monkeyfleet.loadgen.run.Results;
import io.monkeyfleet.loadgen.send.AnsweredBy;
import io.monkeyfleet.loadgen.send.JdkHttpSender;
import io.monkeyfleet.loadgen.send.RawHttpSender;

/**
 * One run of load against a target, for the command line and for tests that drive load
 * while they break things: a seeded mix, sent open-loop as the plan says.
 *
 * <pre>{@code
 * try (LoadRun load = LoadRun.start(LoadRun.options(gateway).rate(100).duration(Duration.ofMinutes(5)))) {
 *     // break something, watch load.results().failed()
 *     load.stop();
 *     Report report = load.await();
 * }
 * }</pre>
 */
public final class LoadRun implements AutoCloseable {

	private final JdkHttpSender wellFormed;

	private final RawHttpSender malformed;

	private final OpenLoop loop;

	private LoadRun(Options options) {
		AnsweredBy answeredBy = AnsweredBy.field(options.answeredBy);
		this.wellFormed = new JdkHttpSender(options.target, options.connectTimeout, options.timeout, answeredBy);
		this.malformed = new RawHttpSender(options.target, options.connectTimeout, options.timeout, answeredBy);
		this.loop = OpenLoop.start(options.plan(), new RequestGenerator(options.mix, options.seed), this.wellFormed,
				this.malformed, options.seed, options.target.toString(), options.timeout.plusSeconds(2), options.clock);
	}

	public static Options options(URI target) {
		return new Options(target);
	}

	/** Starts sending at once. */
	public static LoadRun start(Options options) {
		return new LoadRun(options);
	}

	/** Counts so far. */
	public Results results() {
		return this.loop.results();
	}

	/** What was measured so far. */
	public Report report() {
		return this.loop.report();
	}

	/** Requests sent and not answered yet. */
	public int inFlight() {
		return this.loop.inFlight();
	}

	/** Stops sending; what is in flight is still answered and counted. */
	public void stop() {
		this.loop.stop();
	}

	/** Waits for the plan's end (or {@link #stop()}) and the last answers. */
	public Report await() throws InterruptedException {
		return this.loop.await();
	}

	public boolean scheduleDone() {
		return this.loop.scheduleDone();
	}

	/**
	 * Stops sending and closes the clients; answers still on their way are not counted.
	 */
	@Override
	public void close() {
		this.loop.stop();
		this.loop.awaitScheduler(java.time.Duration.ofSeconds(5));
		this.wellFormed.close();
		this.malformed.close();
	}

	/** What a run sends, how fast and for how long. */
	public static final class Options {

		private final URI target;

		private LoadPlan plan;

		private double rate = 100;

		private Duration duration = Duration.ofSeconds(60);

		private RequestMix mix = RequestMix.sampleApp(0.05);

		private long seed = 1;

		private Duration timeout = Duration.ofSeconds(10);

		private Duration connectTimeout = Duration.ofSeconds(2);

		private String answeredBy = "node";

		private Clock clock = Clock.systemUTC();

		private Options(URI target) {
			this.target = target;
		}

		/** Requests a second (ignored when a whole {@link #plan} is given). */
		public Options rate(double rate) {
			this.rate = rate;
			return this;
		}

		/** For how long (ignored when a whole {@link #plan} is given). */
		public Options duration(Duration duration) {
			this.duration = duration;
			return this;
		}

		public Options plan(LoadPlan plan) {
			this.plan = plan;
			return this;
		}

		public Options mix(RequestMix mix) {
			this.mix = mix;
			return this;
		}

		public Options seed(long seed) {
			this.seed = seed;
			return this;
		}

		public Options timeout(Duration timeout) {
			this.timeout = timeout;
			return this;
		}

		public Options connectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
			return this;
		}

		public Options answeredBy(String field) {
			this.answeredBy = field;
			return this;
		}

		public Options clock(Clock clock) {
			this.clock = clock;
			return this;
		}

		LoadPlan plan() {
			return (this.plan != null) ? this.plan
					: new LoadPlan(java.util.List.of(new LoadPlan.Stage(this.duration, this.rate)), 10_000);
		}

	}

}

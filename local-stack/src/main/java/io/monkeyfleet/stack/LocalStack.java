package io.monkeyfleet.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.store.StandaloneFleetStore;
import io.monkeyfleet.store.StoredEvent;
import tools.jackson.databind.JsonNode;

/**
 * The local stack: Redis, an SMTP catcher, provisioner-service (local driver) running the
 * app nodes (sample-app + monitor-agent each), monkey-service (armed) and
 * gateway-service, all on 127.0.0.1, supervised from this one process.
 *
 * <p>
 * {@link #main} is {@code run-local.sh}: it starts everything, shows progress until the
 * stack is healthy, prints where things are, then reports node state changes and alert
 * mails as they happen; Ctrl-C stops every process in order. {@link #start} is the same
 * for tests, which break the stack on purpose.
 *
 * <p>
 * Everything the stack writes is in its work folder ({@link WorkFolder}); a start after a
 * crash stops whatever the crashed launcher left running.
 */
public final class LocalStack implements AutoCloseable {

	/** How long the stack has to become healthy before the start is given up. */
	static final Duration START_TIMEOUT = Duration.ofMinutes(4);

	private static final Pattern NODE = Pattern.compile("\"node\":\"([^\"]+)\"");

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

	private final StackSettings settings;

	private final Progress progress;

	private final Clock clock;

	private final WorkFolder work;

	private final StackConfig config;

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(1))
		.build();

	private final List<ManagedProcess> services = new ArrayList<>();

	private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "local-stack-watcher");
		thread.setDaemon(true);
		return thread;
	});

	private RedisServer redis;

	private MailCatcher mail;

	private ManagedProcess provisioner;

	private ManagedProcess monkey;

	private ManagedProcess gateway;

	private StandaloneFleetStore store;

	private ProvisionerClient provisionerClient;

	private Duration timeToHealthy;

	private boolean closed;

	/**
	 * Stops the stack when the JVM ends without closing it; null when started by main.
	 */
	private Thread stopOnExit;

	private LocalStack(StackSettings settings, Progress progress, Clock clock) {
		this.settings = settings;
		this.progress = progress;
		this.clock = clock;
		this.work = new WorkFolder(settings.workDirectory());
		this.config = new StackConfig(settings, this.work, new SecureRandom());
	}

	public static void main(String[] args) throws InterruptedException {
		Path repository = Path.of(System.getProperty("monkeyfleet.repository", ".")).toAbsolutePath().normalize();
		StackSettings settings;
		try {
			if (List.of(args).contains("--help")) {
				System.out.println(StackSettings.USAGE);
				return;
			}
			settings = StackSettings.parse(args, repository);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("local stack cannot start: " + ex.getMessage() + " (--help lists the options)");
			System.exit(2);
			return;
		}
		Progress progress = new Progress(System.out, System.console() != null);
		CountDownLatch stopped = new CountDownLatch(1);
		LocalStack stack = new LocalStack(settings, progress, Clock.systemDefaultZone());
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			progress.endStatus();
			progress.note("Stopping the local stack ...");
			long began = System.nanoTime();
			stack.close();
			progress.note(String.format(Locale.ROOT, "Stopped every process in %.1f s; logs and mails stay in %s",
					(System.nanoTime() - began) / 1e9, settings.workDirectory()));
			stopped.countDown();
		}, "local-stack-stop"));
		try {
			stack.boot();
		}
		catch (RuntimeException ex) {
			progress.endStatus();
			System.err.println("local stack did not start: " + ex.getMessage());
			System.exit(1);
			return;
		}
		progress.endStatus();
		System.out.println(stack.banner());
		stack.watch();
		stopped.await();
	}

	/**
	 * Starts the stack and returns once it is healthy: every service ready, every node
	 * {@code ACTIVE}, and the gateway routing to each.
	 * @throws IllegalStateException when something does not start, with its log's end
	 */
	public static LocalStack start(StackSettings settings, Progress progress) {
		LocalStack stack = new LocalStack(settings, progress, Clock.systemDefaultZone());
		// A JVM that ends without closing the stack (a test run stopped by Ctrl-C or by
		// a build's timeout) still stops every process the stack started.
		stack.stopOnExit = new Thread(stack::close, "local-stack-stop");
		Runtime.getRuntime().addShutdownHook(stack.stopOnExit);
		try {
			stack.boot();
			return stack;
		}
		catch (RuntimeException ex) {
			stack.close();
			throw ex;
		}
	}

	private void boot() {
		this.progress.note("Monkey Fleet local stack, work folder " + this.work.root());
		this.work.lock();
		this.work.cleanUpAfterPreviousRun(this.progress::note);
		this.work.create();
		// Timed from here: the start proper, without the clean-up of a crashed run.
		long began = System.nanoTime();
		requirePortsFree();
		writeConfiguration();
		startRedisAndMail();
		this.provisioner = startService("provisioner", "provisioner-service", false,
				this.settings.provisionerArguments());
		// The gateway keeps the full JIT: every request crosses it.
		this.gateway = startService("gateway", "gateway-service", true, this.settings.gatewayArguments());
		this.monkey = startService("monkey", "monkey-service", false, this.settings.monkeyArguments());
		this.provisionerClient = new ProvisionerClient(URI.create(this.config.provisionerUrl()),
				this.config.operatorToken());
		awaitHealthy(began);
		this.timeToHealthy = Duration.ofNanos(System.nanoTime() - began);
		this.work.writePrivate(this.work.stackFile(), this.config.stackJson(urls()));
	}

	private void requirePortsFree() {
		for (Ports.Named port : this.settings.ports().named()) {
			if (!Ports.isFree(port.port())) {
				throw new IllegalStateException("port " + port.port() + " (" + port.what()
						+ ") is in use by another program; stop it, or start with --" + portOption(port.what())
						+ "=<another port> (or --free-ports)");
			}
		}
	}

	private static String portOption(String what) {
		return what.startsWith("node-") || what.startsWith("standby") ? "node-port" : what + "-port";
	}

	private void writeConfiguration() {
		try {
			Files.createDirectories(this.config.configFile("x").getParent());
			Files.writeString(this.config.configFile("provisioner"), this.config.provisioner().text());
			this.work.writePrivate(this.config.configFile("monkey"), this.config.monkey().text());
			Files.writeString(this.config.configFile("gateway"), this.config.gateway().text());
			Files.writeString(this.config.seedFile(), this.config.seed());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the configuration: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Redis and the SMTP catcher; refused once the stack is closing (Ctrl-C during the
	 * start).
	 */
	private synchronized void startRedisAndMail() {
		requireOpen();
		this.redis = RedisServer.create(this.settings.ports().redis(), this.work);
		this.redis.start();
		this.mail = MailCatcher.start(this.settings.ports().smtp(), this.work.mail(), this.clock, this::announce);
	}

	private void requireOpen() {
		if (this.closed) {
			throw new IllegalStateException("stopped while starting");
		}
	}

	/**
	 * Starts a service; refused once the stack is closing, so a Ctrl-C during the start
	 * leaves nothing started after the stop.
	 */
	private synchronized ManagedProcess startService(String name, String module, boolean fullJit, List<String> extra) {
		requireOpen();
		ManagedProcess process = ManagedProcess.start(name, this.config.command(module, fullJit, extra), Map.of(),
				this.work.log(name), this.work.pidFile(name));
		this.services.add(process);
		return process;
	}

	private void awaitHealthy(long began) {
		long deadline = began + START_TIMEOUT.toNanos();
		Map<String, String> deployJobs = new LinkedHashMap<>();
		Set<String> succeeded = new LinkedHashSet<>();
		Set<String> routedTo = new LinkedHashSet<>();
		List<String> nodes = this.settings.nodes();
		while (true) {
			for (ManagedProcess service : this.services) {
				if (!service.isAlive()) {
					throw new IllegalStateException(service.name() + " exited (code " + service.exitCode().orElse(-1)
							+ ") while starting; the end of " + service.log() + ":\n" + service.logTail(30));
				}
			}
			boolean redisUp = this.redis.answers();
			boolean provisionerUp = ready(this.settings.ports().provisioner());
			boolean gatewayUp = ready(this.settings.ports().gateway());
			boolean monkeyUp = ready(this.settings.ports().monkey());
			if (provisionerUp && deployJobs.isEmpty()) {
				for (String node : nodes) {
					JsonNode job = this.provisionerClient.submit("/hosts/" + node + "/deploy",
							"{\"reason\":\"local stack start\"}", 0, "local-stack-deploy-" + node);
					deployJobs.put(node, job.path("id").asString());
				}
			}
			for (Map.Entry<String, String> job : deployJobs.entrySet()) {
				if (!succeeded.contains(job.getKey())) {
					JsonNode status = this.provisionerClient.job(job.getValue());
					String state = status.path("status").asString();
					if (state.equals("FAILED") || state.equals("CANCELLED")) {
						throw new IllegalStateException(
								"deploying " + job.getKey() + " failed: " + status.path("message").asString() + "; see "
										+ this.work.nodes().resolve(job.getKey()));
					}
					if (state.equals("SUCCEEDED")) {
						succeeded.add(job.getKey());
					}
				}
			}
			int active = redisUp ? activeNodes(nodes) : 0;
			if (gatewayUp && active == nodes.size()) {
				routedTo.addAll(routedNodes(nodes.size() * 4));
			}
			boolean healthy = redisUp && provisionerUp && gatewayUp && monkeyUp && active == nodes.size()
					&& routedTo.containsAll(nodes);
			this.progress.status(String.format(Locale.ROOT,
					"[%5.1fs] redis %s  smtp %s  provisioner %s  gateway %s  monkey %s  nodes: %d/%d deployed, %d/%d ACTIVE, %d/%d routed",
					(System.nanoTime() - began) / 1e9, this.progress.mark(redisUp), this.progress.mark(true),
					this.progress.mark(provisionerUp), this.progress.mark(gatewayUp), this.progress.mark(monkeyUp),
					succeeded.size(), nodes.size(), active, nodes.size(),
					routedTo.stream().filter(nodes::contains).count(), nodes.size()));
			if (healthy) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the stack was not healthy within " + START_TIMEOUT.toSeconds()
						+ " s; logs are in " + this.work.root().resolve("logs") + " and " + this.work.nodes());
			}
			pause(Duration.ofMillis(250));
		}
	}

	private boolean ready(int port) {
		try {
			HttpResponse<Void> response = this.http
				.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding());
			return response.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while starting", ex);
		}
	}

	private int activeNodes(List<String> nodes) {
		try {
			FleetStore store = store();
			return (int) nodes.stream()
				.filter((node) -> store.status(node).map(NodeStatus::state).orElse(null) == NodeState.ACTIVE)
				.count();
		}
		catch (RuntimeException ex) {
			return 0;
		}
	}

	/** Which nodes answered {@code count} requests sent through the gateway. */
	private Set<String> routedNodes(int count) {
		Set<String> answered = new LinkedHashSet<>();
		for (int i = 0; i < count; i++) {
			try {
				HttpResponse<String> response = this.http.send(
						HttpRequest.newBuilder(gatewayUrl().resolve("/")).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.ofString());
				Matcher node = NODE.matcher(response.body());
				if (response.statusCode() == 200 && node.find()) {
					answered.add(node.group(1));
				}
			}
			catch (IOException ex) {
				// Not routing yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while starting", ex);
			}
		}
		return answered;
	}

	private Map<String, String> urls() {
		Map<String, String> urls = new LinkedHashMap<>();
		urls.put("gateway", gatewayUrl().toString());
		urls.put("monkey", monkeyUrl().toString());
		urls.put("redis", "redis://127.0.0.1:" + this.settings.ports().redis());
		urls.put("smtp", "smtp://127.0.0.1:" + this.settings.ports().smtp());
		urls.put("mailFolder", this.work.mail().toString());
		urls.put("logFolder", this.work.root().resolve("logs").toString());
		return urls;
	}

	private String banner() {
		Path root = this.work.root();
		Path shown = root.startsWith(this.settings.repository()) ? this.settings.repository().relativize(root) : root;
		return String.join(System.lineSeparator(),
				String.format(Locale.ROOT, "Monkey Fleet local stack healthy in %.1f s (%d nodes ACTIVE and routed).",
						this.timeToHealthy.toMillis() / 1000.0, this.settings.nodeCount()),
				"", "  gateway      " + gatewayUrl() + "/                 curl " + gatewayUrl() + "/",
				"  dashboard    " + monkeyUrl() + "/                 login " + StackConfig.DASHBOARD_USER + " / "
						+ this.config.dashboardPassword() + " (admin API: Authorization: Bearer "
						+ this.config.adminToken() + ")",
				"  provisioner  " + this.config.provisionerUrl() + "/hosts            Authorization: Bearer "
						+ this.config.operatorToken(),
				"  redis        redis://127.0.0.1:" + this.settings.ports().redis(),
				"  mail         SMTP 127.0.0.1:" + this.settings.ports().smtp() + ", every alert mail is saved in "
						+ shown.resolve("mail") + "/ and shown here",
				"  logs         " + shown.resolve("logs") + "/{provisioner,monkey,gateway,redis}.log, "
						+ shown.resolve("nodes") + "/<node>/{app,agent}.log",
				"  nodes        " + nodeList(),
				"  config       " + shown.resolve("config") + "/*.properties, " + shown.resolve("gateway/seed.yml"),
				"  load         java -jar loadgen/target/loadgen-*-exec.jar --stack=" + shown.resolve("stack.json")
						+ " --rate=100 --duration=60s",
				"  chaos        ... --chaos=10s:cpu:node-1:60   (or hang, memory, sigstop, sigcont, sigkill)", "",
				"Node state changes and alert mails are shown below as they happen. Ctrl-C stops everything.");
	}

	private String nodeList() {
		List<String> nodes = this.settings.nodes();
		List<String> shown = new ArrayList<>();
		for (int i = 0; i < nodes.size(); i++) {
			shown.add(nodes.get(i) + " http://127.0.0.1:" + this.settings.ports().nodes().get(i));
		}
		return String.join(", ", shown) + " (chaos endpoints on)";
	}

	/**
	 * After start: reports node state changes, monkey actions and services that die, as
	 * they happen.
	 */
	private void watch() {
		Instant since = this.clock.instant();
		String[] last = { null };
		Set<ManagedProcess> reported = new LinkedHashSet<>();
		this.watcher.scheduleWithFixedDelay(() -> {
			try {
				for (ManagedProcess service : this.services) {
					if (service.diedUnasked() && reported.add(service)) {
						this.progress.note(time(this.clock.instant()) + " " + service.name() + " exited (code "
								+ service.exitCode().orElse(-1) + "); the end of " + service.log() + ":\n"
								+ service.logTail(15));
					}
				}
				List<StoredEvent> events = (last[0] == null) ? store().eventsSince(since, 1000)
						: store().eventsAfter(last[0], 1000);
				for (StoredEvent stored : events) {
					last[0] = stored.id();
					describe(stored.event()).ifPresent(this.progress::note);
				}
			}
			catch (RuntimeException ex) {
				// Redis away: the services say so in their logs; try again next time.
			}
		}, 1, 1, TimeUnit.SECONDS);
	}

	private Optional<String> describe(FleetEvent event) {
		String at = time(event.time());
		return switch (event.type()) {
			case NODE_STATE_CHANGED -> Optional.of(at + " " + event.nodeId() + " " + event.evidence().get("from")
					+ " -> " + event.evidence().get("to") + " (" + event.actor() + ": " + event.reason() + ")");
			case NODE_REGISTERED, NODE_REMOVED, NODE_EJECTED, BREAKER_OPENED, BREAKER_CLOSED, LEADERSHIP_ACQUIRED,
					ACTION_SKIPPED ->
				Optional.of(at + " " + event.type() + ((event.nodeId() != null) ? " " + event.nodeId() : "")
						+ ((event.pool() != null && event.nodeId() == null) ? " pool " + event.pool() : "") + " ("
						+ event.actor() + ": " + event.reason() + ")");
			default -> Optional.empty();
		};
	}

	private void announce(MailCatcher.Mail mail) {
		this.progress.note(time(mail.receivedAt()) + " mail to " + String.join(", ", mail.to()) + ": " + mail.subject()
				+ "  (" + mail.file() + ")");
	}

	private String time(Instant instant) {
		return LocalTime.ofInstant(instant, ZoneId.systemDefault()).format(TIME);
	}

	public StackSettings settings() {
		return this.settings;
	}

	/** How long the start took, from the launcher's first step to healthy. */
	public Duration timeToHealthy() {
		return this.timeToHealthy;
	}

	public URI gatewayUrl() {
		return URI.create("http://127.0.0.1:" + this.settings.ports().gateway());
	}

	public URI monkeyUrl() {
		return URI.create("http://127.0.0.1:" + this.settings.ports().monkey());
	}

	public URI provisionerUrl() {
		return URI.create(this.config.provisionerUrl());
	}

	/** A bearer token for monkey-service's admin API, role operator. */
	public String adminToken() {
		return this.config.adminToken();
	}

	/** The provisioner's operator token (the one in {@code stack.json}). */
	public String operatorToken() {
		return this.config.operatorToken();
	}

	public ProvisionerClient provisioner() {
		return this.provisionerClient;
	}

	/** A node's app ({@code http://127.0.0.1:9001}). */
	public URI nodeUrl(String node) {
		return URI.create("http://127.0.0.1:" + this.settings.ports().nodes().get(this.settings.nodes().indexOf(node)));
	}

	public RedisServer redis() {
		return this.redis;
	}

	public MailCatcher mail() {
		return this.mail;
	}

	/** The fleet's data in the stack's Redis. */
	public synchronized FleetStore store() {
		if (this.store == null) {
			this.store = StandaloneFleetStore.connect("127.0.0.1", this.settings.ports().redis());
		}
		return this.store.store();
	}

	/**
	 * The newest fencing token the provisioner has seen: what an operator's request must
	 * carry (at least) to be accepted.
	 */
	public long provisionerFencingToken() {
		store();
		String token = this.store.redis().opsForValue().get(new KeySchema("mf:").provisionerFencingToken());
		return (token != null) ? Long.parseLong(token) : 0;
	}

	/**
	 * Restarts monkey-service with {@code arguments} in place of the ones it was started
	 * with (its settings are read at start-up), and waits until it is ready and leads.
	 * Workflows in flight are in Redis and carry on.
	 */
	public synchronized void restartMonkey(List<String> arguments) {
		this.services.remove(this.monkey);
		this.monkey.stop(Duration.ofSeconds(15));
		this.monkey = startService("monkey", "monkey-service", false, arguments);
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (!ready(this.settings.ports().monkey())) {
			if (!this.monkey.isAlive()) {
				throw new IllegalStateException("monkey-service exited (code " + this.monkey.exitCode().orElse(-1)
						+ ") while restarting; the end of its log:\n" + this.monkey.logTail(30));
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("monkey-service was not ready within 2 minutes of a restart");
			}
			pause(Duration.ofMillis(200));
		}
	}

	/** One of {@code provisioner}, {@code monkey}, {@code gateway}. */
	public ManagedProcess service(String name) {
		return this.services.stream()
			.filter((service) -> service.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no service " + name));
	}

	/** The work folder. */
	public Path workDirectory() {
		return this.work.root();
	}

	/**
	 * Stops everything, in order: monkey-service first (so it does not act on nodes going
	 * away), the gateway, the provisioner (which stops every node), the SMTP catcher,
	 * Redis; then makes sure no process naming the work folder is left.
	 */
	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		if (this.stopOnExit != null && Thread.currentThread() != this.stopOnExit) {
			try {
				Runtime.getRuntime().removeShutdownHook(this.stopOnExit);
			}
			catch (IllegalStateException ex) {
				// The JVM is ending already: the hook runs and finds the stack closed.
			}
		}
		this.watcher.shutdownNow();
		stop(this.monkey, Duration.ofSeconds(15));
		stop(this.gateway, Duration.ofSeconds(35));
		stop(this.provisioner, Duration.ofSeconds(60));
		if (this.mail != null) {
			this.mail.close();
		}
		if (this.store != null) {
			this.store.close();
		}
		if (this.redis != null) {
			this.redis.stop();
		}
		this.work.stopLeftovers(this.progress::note);
		this.work.close();
	}

	private static void stop(ManagedProcess process, Duration grace) {
		if (process != null) {
			process.stop(grace);
		}
	}

	private static void pause(Duration duration) {
		try {
			TimeUnit.MILLISECONDS.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while starting", ex);
		}
	}

}

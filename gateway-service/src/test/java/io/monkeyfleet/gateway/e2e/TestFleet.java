package io.monkeyfleet.gateway.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.NodeStatus;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.model.RoutePredicate;
import io.monkeyfleet.sample.SampleApp;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.FleetStoreSettings;
import io.monkeyfleet.store.KeySchema;
import io.monkeyfleet.store.TransitionResult;
import io.monkeyfleet.testsupport.process.JavaProcess;
import io.monkeyfleet.testsupport.redis.RealRedis;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.awaitility.Awaitility.await;

/**
 * The rest of the fleet around the gateways under test, done for real: sample-app
 * processes as nodes, an "agent" that registers nodes and writes their samples with a
 * time-to-live through the store exactly as monitor-agent does, and monkey-service's part
 * (lifecycle transitions, routes) through the store too.
 */
final class TestFleet implements AutoCloseable {

	/** The samples' time-to-live, as an agent sampling every 300 ms might set it. */
	static final Duration SAMPLE_TTL = Duration.ofSeconds(5);

	private final LettuceConnectionFactory connectionFactory;

	private final FleetStore store;

	private final List<JavaProcess> processes = new ArrayList<>();

	private final Map<String, Double> heartbeats = new ConcurrentHashMap<>();

	private final AtomicLong sequence = new AtomicLong();

	private final ScheduledExecutorService agent = Executors.newSingleThreadScheduledExecutor();

	TestFleet(RealRedis redis) {
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis.host(), redis.port()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.store = new FleetStore(new StringRedisTemplate(this.connectionFactory), new KeySchema("mf:"),
				new FleetCodec(), Clock.systemUTC(), FleetStoreSettings.DEFAULTS);
		this.agent.scheduleWithFixedDelay(this::beat, 0, 300, TimeUnit.MILLISECONDS);
	}

	FleetStore store() {
		return this.store;
	}

	/** A sample-app process on a free loopback port. */
	Backend startBackend(String name, Path folder, String... arguments) throws Exception {
		Path portFile = folder.resolve(name + ".port");
		List<String> args = new ArrayList<>(List.of("--node-id=" + name, "--port=0", "--port-file=" + portFile));
		args.addAll(List.of(arguments));
		// The JDK's HTTP server leaves Nagle's algorithm on unless told otherwise; with
		// the
		// peer's delayed ACKs that adds up to 40 ms to a response written in two parts.
		// Real app servers set TCP_NODELAY.
		JavaProcess process = JavaProcess.start(name, SampleApp.class,
				List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-Dsun.net.httpserver.nodelay=true"), args, Map.of());
		this.processes.add(process);
		await(name + " to listen").atMost(Duration.ofSeconds(30)).until(() -> Files.exists(portFile));
		return new Backend(name, Integer.parseInt(Files.readString(portFile).trim()), process);
	}

	/** A sample-app process and the port it listens on. */
	record Backend(String name, int port, JavaProcess process) {
	}

	/**
	 * Registers a node as its agent would, starts its heartbeat, and moves it to ACTIVE
	 * as monkey-service would.
	 */
	void addActiveNode(String nodeId, String pool, String host, int port, double cpu) {
		this.store.register(Node.of(nodeId, pool, new NodeAddress(host, port)));
		heartbeat(nodeId, cpu);
		transition(nodeId, NodeState.ACTIVE);
	}

	/** Keeps writing the node's sample, with this CPU. */
	void heartbeat(String nodeId, double cpu) {
		this.heartbeats.put(nodeId, cpu);
		writeSample(nodeId, cpu);
	}

	/** The node's agent goes quiet; its last sample expires after its time-to-live. */
	void stopHeartbeat(String nodeId) {
		this.heartbeats.remove(nodeId);
	}

	/**
	 * A lifecycle transition from the node's current state, as monkey-service does it.
	 */
	void transition(String nodeId, NodeState target) {
		NodeStatus current = this.store.status(nodeId).orElseThrow();
		TransitionResult result = this.store.transition(nodeId, current, target, "test moves it", "monkey:test",
				Map.of());
		if (!result.applied()) {
			throw new IllegalStateException("transition of " + nodeId + " to " + target + " failed: " + result);
		}
	}

	void pool(String name) {
		this.store.savePool(new Pool(name, 0, 10, List.of()), "operator:test");
	}

	void route(String id, String pool, String path, RouteFilter... filters) {
		this.store.saveRoute(new Route(id, List.of(RoutePredicate.path(path)), List.of(filters), pool, 0),
				"operator:test");
	}

	private void beat() {
		this.heartbeats.forEach(this::writeSample);
	}

	private void writeSample(String nodeId, double cpu) {
		try {
			this.store.writeSample(new MetricsSample(nodeId, cpu, 30, null, AppHealth.UP, Clock.systemUTC().instant(),
					this.sequence.incrementAndGet()), SAMPLE_TTL);
		}
		catch (RuntimeException ex) {
			// Redis is down in some tests; an agent keeps trying too.
		}
	}

	@Override
	public void close() {
		this.agent.shutdownNow();
		this.processes.forEach(JavaProcess::close);
		this.connectionFactory.destroy();
	}

}

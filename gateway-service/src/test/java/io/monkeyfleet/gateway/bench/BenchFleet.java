package io.monkeyfleet.gateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import io.monkeyfleet.model.AppHealth;
import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.Node;
import io.monkeyfleet.model.NodeAddress;
import io.monkeyfleet.model.NodeState;
import io.monkeyfleet.model.Pool;
import io.monkeyfleet.model.Route;
import io.monkeyfleet.model.RouteFilter;
import io.monkeyfleet.model.RoutePredicate;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.FleetStoreSettings;
import io.monkeyfleet.store.KeySchema;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The benchmark's fleet (not a test): registers each pool's nodes and routes through the
 * store, moves the nodes to ACTIVE as monkey-service would, then acts as their agents,
 * writing each node's sample once a second with the real CPU use of its backend process
 * (read from {@code /proc}). Runs until killed.
 *
 * <pre>
 * BenchFleet --redis=127.0.0.1:6390 --ttl=60 --clk-tck=100 \
 *   --pool=t:b1,b2,b3 --pool=ll:b1,b2,d ... --backend=b1:PORT:PID ...
 * </pre>
 */
public final class BenchFleet {

	private BenchFleet() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> single = new HashMap<>();
		Map<String, List<String>> pools = new LinkedHashMap<>();
		Map<String, int[]> backends = new LinkedHashMap<>();
		for (String arg : args) {
			String name = arg.substring(2, arg.indexOf('='));
			String value = arg.substring(arg.indexOf('=') + 1);
			switch (name) {
				case "pool" -> pools.put(value.substring(0, value.indexOf(':')),
						List.of(value.substring(value.indexOf(':') + 1).split(",")));
				case "backend" -> {
					String[] parts = value.split(":");
					backends.put(parts[0], new int[] { Integer.parseInt(parts[1]), Integer.parseInt(parts[2]) });
				}
				default -> single.put(name, value);
			}
		}
		String[] redis = single.get("redis").split(":");
		Duration ttl = Duration.ofSeconds(Long.parseLong(single.getOrDefault("ttl", "60")));
		long clockTicks = Long.parseLong(single.getOrDefault("clk-tck", "100"));
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration(redis[0], Integer.parseInt(redis[1])));
		factory.afterPropertiesSet();
		factory.start();
		FleetStore store = new FleetStore(new StringRedisTemplate(factory), new KeySchema("mf:"), new FleetCodec(),
				Clock.systemUTC(), FleetStoreSettings.DEFAULTS);

		List<String[]> nodes = new ArrayList<>();
		for (Map.Entry<String, List<String>> pool : pools.entrySet()) {
			store.savePool(new Pool(pool.getKey(), 0, 10, List.of()), "bench");
			store.saveRoute(new Route(pool.getKey(), List.of(RoutePredicate.path("/" + pool.getKey() + "/**")),
					List.of(new RouteFilter("StripPrefix", Map.of("parts", "1"))), pool.getKey(), 0), "bench");
			for (String backend : pool.getValue()) {
				String nodeId = pool.getKey() + "-" + backend;
				store.register(Node.of(nodeId, pool.getKey(), new NodeAddress("127.0.0.1", backends.get(backend)[0])));
				nodes.add(new String[] { nodeId, backend });
			}
		}
		Map<String, Double> cpu = new HashMap<>();
		Map<String, long[]> previous = new HashMap<>();
		long sequence = 0;
		boolean activated = false;
		int cores = Runtime.getRuntime().availableProcessors();
		while (true) {
			long now = System.nanoTime();
			for (Map.Entry<String, int[]> backend : backends.entrySet()) {
				long ticks = cpuTicks(backend.getValue()[1]);
				long[] before = previous.put(backend.getKey(), new long[] { ticks, now });
				if (before != null) {
					double seconds = (now - before[1]) / 1e9;
					double used = (ticks - before[0]) / (double) clockTicks;
					cpu.put(backend.getKey(), Math.max(0, Math.min(100, 100 * used / seconds / cores)));
				}
			}
			sequence++;
			for (String[] node : nodes) {
				store.writeSample(new MetricsSample(node[0], cpu.getOrDefault(node[1], 0.0), 20, null, AppHealth.UP,
						Clock.systemUTC().instant(), sequence), ttl);
			}
			if (!activated) {
				for (String[] node : nodes) {
					store.transition(node[0], store.status(node[0]).orElseThrow(), NodeState.ACTIVE, "benchmark",
							"bench", Map.of());
				}
				activated = true;
				System.out.println("bench fleet ready: " + nodes.size() + " nodes ACTIVE");
			}
			LockSupport.parkNanos(Duration.ofSeconds(1).toNanos());
		}
	}

	/** User plus system CPU time of a process, in clock ticks, from /proc. */
	private static long cpuTicks(int pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
		// The command name in parentheses may hold spaces: count fields after it.
		String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
		return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
	}

}

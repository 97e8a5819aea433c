package io.monkeyfleet.monkey;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.monkeyfleet.monkey.alerts.Alerts;
import io.monkeyfleet.monkey.fleet.GatewayTraffic;
import io.monkeyfleet.monkey.fleet.SampleHistory;
import io.monkeyfleet.monkey.guard.CircuitBreaker;
import io.monkeyfleet.monkey.guard.GuardRails;
import io.monkeyfleet.monkey.lease.LeaderLease;
import io.monkeyfleet.monkey.provisioning.HttpProvisioner;
import io.monkeyfleet.monkey.provisioning.Provisioner;
import io.monkeyfleet.monkey.rules.AdmissionRule;
import io.monkeyfleet.monkey.rules.DoctorPolicy;
import io.monkeyfleet.monkey.rules.DoctorRule;
import io.monkeyfleet.monkey.workflow.RepairWorkflows;
import io.monkeyfleet.monkey.workflow.WorkflowStore;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.KeySchema;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Wires the monkeys: rules, guard rails, workflows, the lease and the loop that ticks
 * them.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MonkeyProperties.class)
class MonkeyConfiguration {

	/**
	 * Gateway reports older than this are not trusted (a gateway writes one about every
	 * second).
	 */
	private static final Duration GATEWAY_REPORT_FRESHNESS = Duration.ofSeconds(5);

	@Bean
	@ConditionalOnMissingBean
	Provisioner provisioner(MonkeyProperties properties) {
		MonkeyProperties.ProvisionerClient client = properties.provisioner();
		return new HttpProvisioner(client.url().toString(), client.token(), client.timeout());
	}

	@Bean
	LeaderLease leaderLease(StringRedisTemplate redis, KeySchema keys, MonkeyProperties properties, Clock clock) {
		String replica = (properties.replicaId() != null) ? properties.replicaId() : defaultReplicaId();
		return new LeaderLease(redis, keys, replica, properties.leaseTimeToLive(), clock);
	}

	@Bean
	RepairWorkflows repairWorkflows(FleetStore store, StringRedisTemplate redis, KeySchema keys, FleetCodec codec,
			Provisioner provisioner, Alerts alerts, MonkeyProperties properties) {
		return new RepairWorkflows(store, new WorkflowStore(redis, keys, codec), provisioner, alerts,
				properties.repair().settings(), policies(properties));
	}

	@Bean
	MonkeyLoop monkeyLoop(FleetStore store, LeaderLease lease, RepairWorkflows workflows, Alerts alerts,
			MonkeyProperties properties, Clock clock) {
		Function<String, DoctorPolicy> policies = policies(properties);
		CircuitBreaker breaker = new CircuitBreaker(properties.breaker().maxUnhealthyShare(),
				properties.breaker().ticksToClose(), policies);
		int historyLength = properties.doctor()
			.pools()
			.values()
			.stream()
			.mapToInt((policy) -> policy.toPolicy().samplesNeeded())
			.max()
			.orElse(0);
		SampleHistory history = new SampleHistory(
				Math.max(historyLength, properties.doctor().defaults().toPolicy().samplesNeeded()) + 2);
		return new MonkeyLoop(store, lease, List.of(new AdmissionRule(policies), new DoctorRule(policies)),
				new GuardRails(properties.guardPolicy(), breaker, policies), breaker, workflows,
				new GatewayTraffic(store, GATEWAY_REPORT_FRESHNESS), alerts, history, clock, properties.tick());
	}

	@Bean
	MeterBinder monkeyMetrics(MonkeyLoop loop, RepairWorkflows workflows) {
		return (registry) -> {
			Gauge.builder("monkeyfleet.monkey.leader", loop, (l) -> l.leading() ? 1 : 0)
				.description("1 while this replica holds the lease and acts")
				.register(registry);
			Gauge
				.builder("monkeyfleet.monkey.workflows.in.flight", workflows,
						(w) -> loop.leading() ? w.inFlight().size() : 0)
				.description("Repair workflows in flight (reported by the leader)")
				.register(registry);
		};
	}

	/** Each pool's policy, built once; pools without their own get the defaults. */
	private static Function<String, DoctorPolicy> policies(MonkeyProperties properties) {
		DoctorPolicy defaults = properties.doctor().defaults().toPolicy();
		Map<String, DoctorPolicy> pools = new HashMap<>();
		properties.doctor().pools().forEach((pool, policy) -> pools.put(pool, policy.toPolicy()));
		return (pool) -> pools.getOrDefault(pool, defaults);
	}

	private static String defaultReplicaId() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		return host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
	}

}

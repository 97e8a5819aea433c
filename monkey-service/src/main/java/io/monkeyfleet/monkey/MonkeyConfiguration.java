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
import java.util.function.Supplier;

import io.monkeyfleet.concurrent.DaemonThreads;
import io.monkeyfleet.monkey.cloud.CloudProvider;
import io.monkeyfleet.monkey.cloud.ProvisionerCloudProvider;
import io.monkeyfleet.monkey.migration.MigrationRule;
import io.monkeyfleet.monkey.migration.MigrationWorkflow;
import io.monkeyfleet.monkey.restart.RestartMonkey;
import io.monkeyfleet.monkey.restart.RestartWorkflow;
import io.monkeyfleet.monkey.rules.Rule;
import io.monkeyfleet.monkey.scaling.GiftRule;
import io.monkeyfleet.monkey.scaling.LaunchWorkflow;
import io.monkeyfleet.monkey.scaling.ScaleInRule;
import io.monkeyfleet.monkey.scaling.ScaleInWorkflow;
import io.monkeyfleet.monkey.scaling.ScalingPolicy;
import io.monkeyfleet.monkey.settings.RuntimeSettings;
import io.monkeyfleet.monkey.settings.SettingsSource;
import io.monkeyfleet.monkey.workflow.FleetWorkflowStore;
import io.monkeyfleet.monkey.workflow.FleetWorkflows;
import io.monkeyfleet.monkey.workflow.WorkflowSteps;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.monkeyfleet.monkey.alerts.Alerts;
import io.monkeyfleet.monkey.fleet.GatewayTraffic;
import io.monkeyfleet.monkey.fleet.SampleHistory;
import io.monkeyfleet.monkey.guard.CircuitBreaker;
import io.monkeyfleet.monkey.guard.GuardRails;
import io.monkeyfleet.monkey.lease.LeaderLease;
import io.monkeyfleet.monkey.provisioning.HttpProvisioner;
import io.monkeyfleet.monkey.provisioning.Provisioner;
import io.monkeyfleet.monkey.provisioning.TimeBoxedProvisioner;
import io.monkeyfleet.monkey.rules.AdmissionRule;
import io.monkeyfleet.monkey.rules.DoctorPolicy;
import io.monkeyfleet.monkey.rules.DoctorRule;
import io.monkeyfleet.monkey.workflow.RepairWorkflows;
import io.monkeyfleet.monkey.workflow.WorkflowStore;
import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.FleetStore;
import io.monkeyfleet.store.KeySchema;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

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

	/**
	 * A node not reported ejected for longer than this has healed; shorter, it is the gap
	 * between two ejections (a gateway reports about every second).
	 */
	private static final Duration EJECTION_GAP_TOLERANCE = Duration.ofSeconds(3);

	@Bean
	@ConditionalOnMissingBean
	Provisioner provisioner(MonkeyProperties properties) {
		MonkeyProperties.ProvisionerClient client = properties.provisioner();
		HttpProvisioner http = new HttpProvisioner(client.url().toString(), client.token(), client.timeout());
		// A tick waits for an answer a quarter of its period at most, so a hung
		// provisioner never stretches the period; the call itself goes on to its timeout.
		Duration quarterTick = properties.tick().dividedBy(4);
		Duration answerWait = (client.timeout().compareTo(quarterTick) < 0) ? client.timeout() : quarterTick;
		return new TimeBoxedProvisioner(http, answerWait, DaemonThreads.pool("provisioner-call", 2), System::nanoTime);
	}

	@Bean
	LeaderLease leaderLease(StringRedisTemplate redis, KeySchema keys, MonkeyProperties properties, Clock clock) {
		String replica = (properties.replicaId() != null) ? properties.replicaId() : defaultReplicaId();
		return new LeaderLease(redis, keys, replica, properties.leaseTimeToLive(), clock);
	}

	/**
	 * The configuration with the operators' runtime overrides (admin API) bound over it,
	 * read again every quarter second: a change applies from the next tick.
	 */
	@Bean
	@ConditionalOnMissingBean
	SettingsSource settingsSource(MonkeyProperties properties, StringRedisTemplate redis, KeySchema keys,
			ConfigurableEnvironment environment, Clock clock) {
		LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
		validator.afterPropertiesSet();
		return new RuntimeSettings(properties, redis, keys, environment, validator, clock, Duration.ofMillis(250));
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnProperty(name = "monkeyfleet.monkey.cloud.provider", havingValue = "provisioner",
			matchIfMissing = true)
	CloudProvider provisionerCloudProvider(Provisioner provisioner, MonkeyProperties properties) {
		return new ProvisionerCloudProvider(provisioner, properties.cloud().templates());
	}

	@Bean
	RepairWorkflows repairWorkflows(FleetStore store, StringRedisTemplate redis, KeySchema keys, FleetCodec codec,
			Provisioner provisioner, Alerts alerts, SettingsSource settings) {
		return new RepairWorkflows(store, new WorkflowStore(redis, keys, codec), provisioner, alerts,
				() -> settings.current().repairSettings(), policies(settings));
	}

	@Bean
	FleetWorkflowStore fleetWorkflowStore(StringRedisTemplate redis, KeySchema keys, FleetCodec codec) {
		return new FleetWorkflowStore(redis, keys, codec);
	}

	@Bean
	FleetWorkflows fleetWorkflows(FleetWorkflowStore workflowStore, FleetStore store, CloudProvider cloud,
			Provisioner provisioner, Alerts alerts, SettingsSource settings) {
		WorkflowSteps steps = new WorkflowSteps(store);
		Supplier<ScalingPolicy> scaling = () -> settings.current().scalingPolicy();
		return new FleetWorkflows(workflowStore, List.of(
				new LaunchWorkflow(cloud, workflowStore, steps, alerts, scaling),
				new ScaleInWorkflow(cloud, workflowStore, steps, alerts, scaling),
				new MigrationWorkflow(provisioner, steps, alerts, () -> settings.current().migrationPolicy(),
						policies(settings)),
				new RestartWorkflow(provisioner, steps, alerts, () -> settings.current().restart().stepTimeout(),
						() -> settings.current().repair().drainTimeout(), policies(settings))));
	}

	@Bean
	RestartMonkey restartMonkey(FleetStore store, FleetWorkflowStore workflowStore, SettingsSource settings,
			Clock clock) {
		return new RestartMonkey(store, workflowStore, settings, clock);
	}

	@Bean
	MonkeyLoop monkeyLoop(FleetStore store, LeaderLease lease, RepairWorkflows workflows, FleetWorkflows fleetWorkflows,
			Alerts alerts, SettingsSource settings, MonkeyProperties properties, Clock clock,
			ObjectProvider<LeaderDuty> duties, ObjectProvider<MeterRegistry> registry) {
		Function<String, DoctorPolicy> policies = policies(settings);
		CircuitBreaker breaker = new CircuitBreaker(
				() -> new CircuitBreaker.Thresholds(settings.current().breaker().maxUnhealthyShare(),
						settings.current().breaker().ticksToClose()),
				policies);
		Duration freshness = properties.doctor().defaults().sampleFreshness();
		List<Rule> rules = List.of(new AdmissionRule(policies), new DoctorRule(policies),
				new GiftRule(() -> settings.current().scalingPolicy(), freshness),
				new ScaleInRule(() -> settings.current().scalingPolicy()),
				new MigrationRule(() -> settings.current().migrationPolicy(), freshness));
		return new MonkeyLoop(store, lease, rules,
				new GuardRails(() -> settings.current().guardPolicy(), breaker, policies), breaker, workflows,
				fleetWorkflows, new GatewayTraffic(store, GATEWAY_REPORT_FRESHNESS, EJECTION_GAP_TOLERANCE), alerts,
				new SampleHistory(MonkeyProperties.MAX_WINDOW_SAMPLES), settings, clock, properties.tick(),
				duties.orderedStream().toList(), tickTimings(registry.getIfAvailable(), properties.tick()));
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

	/**
	 * {@code monkeyfleet_monkey_tick_seconds}: how long each tick held the monkeys'
	 * thread (its {@code _max} shows a tick blocked by a hung Redis or provisioner);
	 * {@code monkeyfleet_monkey_tick_interval_seconds}: the time between two ticks'
	 * starts, the period as it was kept, with buckets at 90 % and 110 % of the period
	 * (ticks off their period by more than 10 %: a tick held too long, or its catch-up).
	 */
	private static MonkeyLoop.TickTimings tickTimings(MeterRegistry registry, Duration tick) {
		if (registry == null) {
			return MonkeyLoop.TickTimings.NONE;
		}
		Timer took = Timer.builder("monkeyfleet.monkey.tick")
			.description("How long each tick of the monkeys took")
			.register(registry);
		Timer interval = Timer.builder("monkeyfleet.monkey.tick.interval")
			.description("Time between the starts of two ticks of the monkeys")
			.serviceLevelObjectives(tick.multipliedBy(9).dividedBy(10), tick.multipliedBy(11).dividedBy(10))
			.register(registry);
		return new MonkeyLoop.TickTimings() {
			@Override
			public void started(Duration sincePreviousStart) {
				interval.record(sincePreviousStart);
			}

			@Override
			public void ended(Duration duration) {
				took.record(duration);
			}
		};
	}

	/** Each pool's doctor policy as the settings say now. */
	private static Function<String, DoctorPolicy> policies(SettingsSource settings) {
		return (pool) -> settings.current().doctorPolicy(pool);
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

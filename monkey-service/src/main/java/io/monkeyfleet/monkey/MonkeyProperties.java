package io.monkeyfleet.monkey;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.monkey.guard.GuardPolicy;
import io.monkeyfleet.monkey.guard.RepairBudget;
import io.monkeyfleet.monkey.migration.MigrationPolicy;
import io.monkeyfleet.monkey.rules.Monkey;
import io.monkeyfleet.monkey.scaling.ScalingPolicy;
import io.monkeyfleet.monkey.rules.DoctorPolicy;
import io.monkeyfleet.monkey.workflow.RepairSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The monkeys' configuration ({@code monkeyfleet.monkey.*}). Anything wrong stops
 * start-up with one line naming the property.
 *
 * @param tick how often the monkeys look at the fleet
 * @param replicaId this replica's name in the leader lease; defaults to host name and
 * process id
 * @param leaseTimeToLive how long the lease outlives its last renewal: a dead leader is
 * replaced within about this long
 * @param dryRun record what would be done and do nothing; a fresh install starts here and
 * an operator arms it
 * @param enabled the global switch
 * @param maxRemediationsInFlight repairs in flight fleet-wide at any instant
 * @param breaker the circuit breaker
 * @param doctor when nodes are judged sick or healthy, per pool
 * @param repair step timeouts and the per-node repair budget
 * @param provisioner where the provisioner is
 * @param gift when a hot pool grows
 * @param scaleIn when a cold pool shrinks
 * @param migration when a memory-starved node hands its service to a standby host
 * @param restart rolling restarts and restart plans
 * @param cloud where new hosts come from
 */
@Validated
@ConfigurationProperties("monkeyfleet.monkey")
public record MonkeyProperties(@DefaultValue("1s") @NotNull Duration tick, String replicaId,
		@DefaultValue("5s") @NotNull Duration leaseTimeToLive, @DefaultValue("true") boolean dryRun,
		@DefaultValue("true") boolean enabled, @DefaultValue("1") @Min(1) int maxRemediationsInFlight,
		@DefaultValue @Valid Breaker breaker, @DefaultValue @Valid Doctor doctor, @DefaultValue @Valid Repair repair,
		@DefaultValue @Valid ProvisionerClient provisioner, @DefaultValue @Valid Gift gift,
		@DefaultValue @Valid ScaleIn scaleIn, @DefaultValue @Valid Migration migration,
		@DefaultValue @Valid Restart restart, @DefaultValue @Valid Cloud cloud) {

	/** The most samples a window may span: the history the monkeys keep per node. */
	public static final int MAX_WINDOW_SAMPLES = 120;

	public MonkeyProperties {
		positive(tick, "monkeyfleet.monkey.tick");
		positive(leaseTimeToLive, "monkeyfleet.monkey.lease-time-to-live");
		if (tick != null && leaseTimeToLive != null && leaseTimeToLive.compareTo(tick.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException("monkeyfleet.monkey.lease-time-to-live (" + leaseTimeToLive
					+ ") must be at least two ticks (" + tick + "), or the leader loses it between renewals");
		}
		if (gift != null && scaleIn != null && scaleIn.cpuThreshold() >= gift.cpuThreshold()) {
			throw new IllegalArgumentException("monkeyfleet.monkey.scale-in.cpu-threshold (" + scaleIn.cpuThreshold()
					+ ") must be below monkeyfleet.monkey.gift.cpu-threshold (" + gift.cpuThreshold()
					+ "), or the pool would grow and shrink in turn");
		}
	}

	/**
	 * Whether a monkey records instead of acting: its own setting, else the global one.
	 */
	public boolean dryRun(Monkey monkey) {
		Boolean own = switch (monkey) {
			case DOCTOR -> this.doctor.dryRun();
			case GIFT -> this.gift.dryRun();
			case SCALE_IN -> this.scaleIn.dryRun();
			case MIGRATION -> this.migration.dryRun();
			case RESTART -> this.restart.dryRun();
		};
		return (own != null) ? own : this.dryRun;
	}

	public boolean enabled(Monkey monkey) {
		return switch (monkey) {
			case DOCTOR -> this.doctor.enabled();
			case GIFT -> this.gift.enabled();
			case SCALE_IN -> this.scaleIn.enabled();
			case MIGRATION -> this.migration.enabled();
			case RESTART -> this.restart.enabled();
		};
	}

	/** The doctor's policy of a pool: its own, else the defaults. */
	/**
	 * How long the monkeys hold off after Redis comes back: twice the longest heartbeat
	 * timeout of any pool, so every agent has written afresh before a silence is judged.
	 */
	public Duration settleAfterRedisOutage() {
		Duration longest = this.doctor.defaults().toPolicy().heartbeatTimeout();
		for (Policy policy : this.doctor.pools().values()) {
			Duration timeout = policy.toPolicy().heartbeatTimeout();
			longest = (timeout.compareTo(longest) > 0) ? timeout : longest;
		}
		return longest.multipliedBy(2);
	}

	public DoctorPolicy doctorPolicy(String pool) {
		Policy policy = this.doctor.pools().get(pool);
		return ((policy != null) ? policy : this.doctor.defaults()).toPolicy();
	}

	public GuardPolicy guardPolicy() {
		Map<Monkey, GuardPolicy.Switch> switches = new EnumMap<>(Monkey.class);
		for (Monkey monkey : Monkey.values()) {
			switches.put(monkey, new GuardPolicy.Switch(enabled(monkey), dryRun(monkey)));
		}
		return new GuardPolicy(this.enabled, switches, this.maxRemediationsInFlight, this.repair.budget(),
				this.gift.cooldown(), this.migration.cooldown());
	}

	public RepairSettings repairSettings() {
		return this.repair.settings();
	}

	public ScalingPolicy scalingPolicy() {
		return new ScalingPolicy(this.gift.cpuThreshold(), this.gift.samples(), this.gift.warmUp(),
				this.gift.joinTimeout(), this.scaleIn.cpuThreshold(), this.scaleIn.window(),
				this.scaleIn.terminateTimeout(), this.repair.drainTimeout());
	}

	public MigrationPolicy migrationPolicy() {
		return new MigrationPolicy(this.migration.memoryThreshold(), this.migration.samples(),
				this.migration.targetTimeout(), this.repair.drainTimeout(), this.repair.rebootTimeout());
	}

	/**
	 * @param maxUnhealthyShare more than this share of a pool's ACTIVE nodes looking
	 * unhealthy at once opens the breaker
	 * @param ticksToClose ticks the pool must look healthy in a row before the breaker
	 * closes
	 */
	public record Breaker(@DefaultValue("0.4") @DecimalMin("0.01") @DecimalMax("0.99") double maxUnhealthyShare,
			@DefaultValue("3") @Min(1) int ticksToClose) {
	}

	/**
	 * @param enabled the doctor's own switch
	 * @param dryRun its own dry-run switch; unset, the global one applies
	 * @param defaults the doctor's policy for every pool without its own
	 * @param pools policies of particular pools, by pool name; each field defaults as in
	 * {@code defaults}' documentation, not to what {@code defaults} was set to
	 */
	public record Doctor(@DefaultValue("true") boolean enabled, Boolean dryRun, @DefaultValue @Valid Policy defaults,
			Map<String, @Valid Policy> pools) {

		public Doctor {
			pools = (pools != null) ? Map.copyOf(pools) : Map.of();
		}

	}

	/**
	 * @param cpuThreshold CPU percent at or above which a sample is hot
	 * @param hotSamples consecutive hot samples that make a node sick
	 * @param heartbeatTimeout a node with no live sample for this long is hung
	 * @param unhealthySamples consecutive samples with the app DOWN that make a node sick
	 * @param ejectedTicks ticks of gateway ejection in a row that make a node sick
	 * @param gracePeriod nodes that entered their state less than this ago are not judged
	 * @param healthySamples consecutive healthy samples that admit a node
	 * @param sampleFreshness an older sample does not count as healthy
	 */
	public record Policy(@DefaultValue("90") double cpuThreshold, @DefaultValue("3") int hotSamples,
			@DefaultValue("5s") Duration heartbeatTimeout, @DefaultValue("3") int unhealthySamples,
			@DefaultValue("5") int ejectedTicks, @DefaultValue("30s") Duration gracePeriod,
			@DefaultValue("3") int healthySamples, @DefaultValue("3s") Duration sampleFreshness) {

		public Policy {
			// Checked here, so a bad value is reported at start-up with its property's
			// name.
			toPolicy(cpuThreshold, hotSamples, heartbeatTimeout, unhealthySamples, ejectedTicks, gracePeriod,
					healthySamples, sampleFreshness);
		}

		DoctorPolicy toPolicy() {
			return toPolicy(this.cpuThreshold, this.hotSamples, this.heartbeatTimeout, this.unhealthySamples,
					this.ejectedTicks, this.gracePeriod, this.healthySamples, this.sampleFreshness);
		}

		private static DoctorPolicy toPolicy(double cpuThreshold, int hotSamples, Duration heartbeatTimeout,
				int unhealthySamples, int ejectedTicks, Duration gracePeriod, int healthySamples,
				Duration sampleFreshness) {
			try {
				return new DoctorPolicy(cpuThreshold, hotSamples, heartbeatTimeout, unhealthySamples, ejectedTicks,
						gracePeriod, healthySamples, sampleFreshness);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("monkeyfleet.monkey.doctor: " + ex.getMessage(), ex);
			}
		}

	}

	/**
	 * @param drainTimeout reboot anyway if in-flight requests have not finished by then
	 * @param rebootTimeout the reboot job must have finished by then
	 * @param recoveryTimeout the node must have shown its healthy samples by then
	 * @param maxRepairs repairs (every reboot counts) per node within
	 * {@code budgetWindow}; past it the node is quarantined
	 * @param budgetWindow how far back repairs count
	 * @param backoff the wait after a node's first repair; doubled after each further one
	 */
	public record Repair(@DefaultValue("30s") @NotNull Duration drainTimeout,
			@DefaultValue("5m") @NotNull Duration rebootTimeout, @DefaultValue("3m") @NotNull Duration recoveryTimeout,
			@DefaultValue("3") @Min(1) int maxRepairs, @DefaultValue("24h") @NotNull Duration budgetWindow,
			@DefaultValue("2m") @NotNull Duration backoff) {

		public Repair {
			// Checked here, so that a bad value is refused where it is set (at start-up
			// or
			// as a runtime setting), not by the first tick that uses it.
			positive(drainTimeout, "monkeyfleet.monkey.repair.drain-timeout");
			positive(rebootTimeout, "monkeyfleet.monkey.repair.reboot-timeout");
			positive(recoveryTimeout, "monkeyfleet.monkey.repair.recovery-timeout");
			positive(budgetWindow, "monkeyfleet.monkey.repair.budget-window");
			if (backoff != null && backoff.isNegative()) {
				throw new IllegalArgumentException(
						"monkeyfleet.monkey.repair.backoff must be zero or more, was " + backoff);
			}
		}

		RepairBudget budget() {
			return new RepairBudget(this.maxRepairs, this.budgetWindow, this.backoff);
		}

		RepairSettings settings() {
			return new RepairSettings(this.drainTimeout, this.rebootTimeout, this.recoveryTimeout, budget());
		}

	}

	/**
	 * @param enabled the gift monkey's switch
	 * @param dryRun its own dry-run switch; unset, the global one applies
	 * @param cpuThreshold a pool whose warmed-up ACTIVE nodes average at least this CPU
	 * percent over {@code samples} samples each gets one more node
	 * @param samples how many of each node's newest samples the average spans
	 * @param warmUp a node ACTIVE for less than this does not count (a JVM warming up
	 * burns CPU that says nothing about the load)
	 * @param cooldown no launch in a pool sooner than this after its previous one
	 * @param joinTimeout a launched host whose node is not ACTIVE by then is terminated
	 */
	public record Gift(@DefaultValue("true") boolean enabled, Boolean dryRun,
			@DefaultValue("70") @DecimalMin("1") @DecimalMax("100") double cpuThreshold,
			@DefaultValue("3") @Min(1) @Max(MAX_WINDOW_SAMPLES) int samples,
			@DefaultValue("60s") @NotNull Duration warmUp, @DefaultValue("300s") @NotNull Duration cooldown,
			@DefaultValue("5m") @NotNull Duration joinTimeout) {

		public Gift {
			positive(joinTimeout, "monkeyfleet.monkey.gift.join-timeout");
			notNegative(warmUp, "monkeyfleet.monkey.gift.warm-up");
			notNegative(cooldown, "monkeyfleet.monkey.gift.cooldown");
		}

	}

	/**
	 * @param enabled scale-in's switch
	 * @param dryRun its own dry-run switch; unset, the global one applies
	 * @param cpuThreshold a pool whose ACTIVE nodes average below this CPU percent for
	 * the whole {@code window} loses one node the gift monkey launched
	 * @param window the stabilization window
	 * @param terminateTimeout how long a termination may take before an operator is told
	 */
	public record ScaleIn(@DefaultValue("true") boolean enabled, Boolean dryRun,
			@DefaultValue("30") @DecimalMin("0") @DecimalMax("99") double cpuThreshold,
			@DefaultValue("300s") @NotNull Duration window, @DefaultValue("10m") @NotNull Duration terminateTimeout) {

		public ScaleIn {
			positive(window, "monkeyfleet.monkey.scale-in.window");
			positive(terminateTimeout, "monkeyfleet.monkey.scale-in.terminate-timeout");
		}

	}

	/**
	 * @param enabled the migration monkey's switch
	 * @param dryRun its own dry-run switch; unset, the global one applies
	 * @param memoryThreshold a node whose memory stays at or above this percent for
	 * {@code samples} samples hands its service to a standby host
	 * @param samples how many consecutive samples
	 * @param cooldown no migration in a pool sooner than this after its previous one
	 * @param targetTimeout the target must be serving and healthy by then, or the
	 * migration is abandoned and traffic stays where it was
	 */
	public record Migration(@DefaultValue("true") boolean enabled, Boolean dryRun,
			@DefaultValue("85") @DecimalMin("1") @DecimalMax("100") double memoryThreshold,
			@DefaultValue("10") @Min(1) @Max(MAX_WINDOW_SAMPLES) int samples,
			@DefaultValue("10m") @NotNull Duration cooldown, @DefaultValue("5m") @NotNull Duration targetTimeout) {

		public Migration {
			notNegative(cooldown, "monkeyfleet.monkey.migration.cooldown");
			positive(targetTimeout, "monkeyfleet.monkey.migration.target-timeout");
		}

	}

	/**
	 * @param enabled the restart monkey's switch
	 * @param dryRun its own dry-run switch; unset, the global one applies
	 * @param stepTimeout how long one host's restart may take before the restart stops
	 * @param plans named restart plans: hosts with what each depends on
	 */
	public record Restart(@DefaultValue("true") boolean enabled, Boolean dryRun,
			@DefaultValue("10m") @NotNull Duration stepTimeout, Map<String, @Valid List<@Valid PlanStep>> plans) {

		public Restart {
			positive(stepTimeout, "monkeyfleet.monkey.restart.step-timeout");
			plans = (plans != null) ? Map.copyOf(plans) : Map.of();
			plans.forEach((name, steps) -> {
				try {
					io.monkeyfleet.monkey.restart.RestartPlans.order(steps);
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException(
							"monkeyfleet.monkey.restart.plans." + name + ": " + ex.getMessage(), ex);
				}
			});
		}

	}

	/**
	 * One host of a restart plan.
	 *
	 * @param host the provisioner's host id (a fleet node's host is drained first)
	 * @param dependsOn hosts that must be restarted and healthy before this one
	 * @param smokeTestPath what to ask of the host after its restart; unset, its health
	 * path
	 */
	public record PlanStep(@NotBlank String host, List<String> dependsOn, String smokeTestPath) {

		public PlanStep {
			dependsOn = (dependsOn != null) ? List.copyOf(dependsOn) : List.of();
		}

	}

	/**
	 * @param provider where new hosts come from
	 * @param templates the provisioner's launch template of each pool, by pool name; a
	 * pool without one launches from the template named like the pool
	 */
	public record Cloud(@DefaultValue("provisioner") @NotNull CloudKind provider, Map<String, String> templates) {

		public Cloud {
			templates = (templates != null) ? Map.copyOf(templates) : Map.of();
		}

	}

	/** The cloud providers monkey-service can launch through. */
	public enum CloudKind {

		/** provisioner-service's launch templates (its local or aws driver). */
		PROVISIONER,
		/** EC2 directly, through the AWS SDK. */
		AWS

	}

	/**
	 * @param url the provisioner's base URL
	 * @param token the bearer token the provisioner knows this service by
	 * @param timeout connect and read timeout of every call
	 */
	public record ProvisionerClient(@DefaultValue("http://localhost:8082") @NotNull URI url, @NotBlank String token,
			@DefaultValue("3s") @NotNull Duration timeout) {
	}

	private static void notNegative(Duration duration, String property) {
		if (duration != null && duration.isNegative()) {
			throw new IllegalArgumentException(property + " must not be negative, was " + duration);
		}
	}

	private static void positive(Duration duration, String property) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			throw new IllegalArgumentException(property + " must be positive, was " + duration);
		}
	}

}

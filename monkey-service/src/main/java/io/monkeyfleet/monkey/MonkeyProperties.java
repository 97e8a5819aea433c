package io.monkeyfleet.monkey;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import io.monkeyfleet.monkey.guard.GuardPolicy;
import io.monkeyfleet.monkey.guard.RepairBudget;
import io.monkeyfleet.monkey.rules.DoctorPolicy;
import io.monkeyfleet.monkey.workflow.RepairSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
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
 */
@Validated
@ConfigurationProperties("monkeyfleet.monkey")
public record MonkeyProperties(@DefaultValue("1s") @NotNull Duration tick, String replicaId,
		@DefaultValue("5s") @NotNull Duration leaseTimeToLive, @DefaultValue("true") boolean dryRun,
		@DefaultValue("true") boolean enabled, @DefaultValue("1") @Min(1) int maxRemediationsInFlight,
		@DefaultValue @Valid Breaker breaker, @DefaultValue @Valid Doctor doctor, @DefaultValue @Valid Repair repair,
		@DefaultValue @Valid ProvisionerClient provisioner) {

	public MonkeyProperties {
		positive(tick, "monkeyfleet.monkey.tick");
		positive(leaseTimeToLive, "monkeyfleet.monkey.lease-time-to-live");
		if (tick != null && leaseTimeToLive != null && leaseTimeToLive.compareTo(tick.multipliedBy(2)) < 0) {
			throw new IllegalArgumentException("monkeyfleet.monkey.lease-time-to-live (" + leaseTimeToLive
					+ ") must be at least two ticks (" + tick + "), or the leader loses it between renewals");
		}
	}

	GuardPolicy guardPolicy() {
		return new GuardPolicy(this.dryRun, this.enabled, this.doctor.enabled(), this.maxRemediationsInFlight,
				this.repair.budget());
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
	 * @param defaults the doctor's policy for every pool without its own
	 * @param pools policies of particular pools, by pool name; each field defaults as in
	 * {@code defaults}' documentation, not to what {@code defaults} was set to
	 */
	public record Doctor(@DefaultValue("true") boolean enabled, @DefaultValue @Valid Policy defaults,
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
	 * @param ejectedTicks consecutive ticks of gateway ejection that make a node sick
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

		RepairBudget budget() {
			return new RepairBudget(this.maxRepairs, this.budgetWindow, this.backoff);
		}

		RepairSettings settings() {
			return new RepairSettings(this.drainTimeout, this.rebootTimeout, this.recoveryTimeout, budget());
		}

	}

	/**
	 * @param url the provisioner's base URL
	 * @param token the bearer token the provisioner knows this service by
	 * @param timeout connect and read timeout of every call
	 */
	public record ProvisionerClient(@DefaultValue("http://localhost:8082") @NotNull URI url, @NotBlank String token,
			@DefaultValue("3s") @NotNull Duration timeout) {
	}

	private static void positive(Duration duration, String property) {
		if (duration != null && (duration.isNegative() || duration.isZero())) {
			throw new IllegalArgumentException(property + " must be positive, was " + duration);
		}
	}

}

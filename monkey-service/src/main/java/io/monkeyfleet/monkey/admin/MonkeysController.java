package io.monkeyfleet.monkey.admin;

import java.time.Duration;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.monkey.MonkeyLoop;
import io.monkeyfleet.monkey.MonkeyProperties;
import io.monkeyfleet.monkey.lease.LeaderLease;
import io.monkeyfleet.monkey.rules.Monkey;
import io.monkeyfleet.monkey.settings.SettingsSource;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The monkeys' configuration and status: armed or dry-run, each monkey's switch, the
 * circuit breakers, the last tick of this replica and of the acting one.
 */
@RestController
@RequestMapping("/api/monkeys")
@Tag(name = "monkeys", description = "configuration and status; arm, disarm, dry-run (operator)")
class MonkeysController {

	private static final Map<Monkey, String> DOES = Map.of(Monkey.DOCTOR,
			"admits healthy JOINING nodes (never held back); drains, reboots and re-admits sick ACTIVE nodes",
			Monkey.GIFT, "launches a node in a hot pool", Monkey.SCALE_IN, "drains and terminates a surplus node",
			Monkey.MIGRATION, "hands a memory-starved node's service to a standby host", Monkey.RESTART,
			"restarts a pool one node at a time, or a plan in dependency order (started by an operator)");

	/** The name that stands for every monkey: the global switches. */
	static final String ALL = "all";

	private final SettingsSource properties;

	private final SettingsController settingsChanges;

	private final MonkeyLoop loop;

	private final LeaderLease lease;

	private final LeaderStatusPublisher leaderStatus;

	private final Clock clock;

	MonkeysController(SettingsSource properties, SettingsController settingsChanges, MonkeyLoop loop, LeaderLease lease,
			LeaderStatusPublisher leaderStatus, Clock clock) {
		this.properties = properties;
		this.settingsChanges = settingsChanges;
		this.loop = loop;
		this.lease = lease;
		this.leaderStatus = leaderStatus;
		this.clock = clock;
	}

	@GetMapping
	@Operation(summary = "Armed or dry-run, each monkey's switch and breakers, last ticks, the settings in force")
	MonkeysView monkeys() {
		MonkeyProperties settings = this.properties.get();
		LeaderStatus leader = this.leaderStatus.current().orElse(null);
		List<String> openBreakers = (leader != null) ? leader.openBreakers() : List.of();
		List<MonkeyView> monkeys = Arrays.stream(Monkey.values())
			.map((monkey) -> new MonkeyView(monkey.id(), settings.enabled() && settings.enabled(monkey),
					settings.dryRun(monkey), openBreakers, DOES.get(monkey)))
			.toList();
		boolean armed = monkeys.stream().anyMatch((monkey) -> monkey.enabled() && !monkey.dryRun());
		return new MonkeysView(armed, settings.dryRun(), settings.enabled(),
				new ReplicaView(this.lease.replicaId(), this.loop.leading(), this.loop.lastTick()), leader,
				(leader != null) ? Duration.between(leader.tickAt(), this.clock.instant()).toMillis() : null, monkeys,
				Settings.of(settings));
	}

	@PostMapping("/{monkey}/arm")
	@Operation(summary = "Arm a monkey (or all): switched on, not in dry-run; from the next tick")
	MonkeysView arm(@PathVariable String monkey, Authentication operator) {
		return switchMonkey(monkey, true, false, operator);
	}

	@PostMapping("/{monkey}/disarm")
	@Operation(summary = "Switch a monkey (or all) off: it neither acts nor records would-be actions")
	MonkeysView disarm(@PathVariable String monkey, Authentication operator) {
		return switchMonkey(monkey, false, null, operator);
	}

	@PostMapping("/{monkey}/dry-run")
	@Operation(summary = "Put a monkey (or all) in dry-run: switched on, recording what it would do")
	MonkeysView dryRun(@PathVariable String monkey, Authentication operator) {
		return switchMonkey(monkey, true, true, operator);
	}

	/**
	 * Sets the monkey's switches ({@code all}: the global ones) as runtime settings.
	 * @param dryRun the new dry-run setting, or {@code null} to leave it
	 */
	private MonkeysView switchMonkey(String name, boolean enabled, Boolean dryRun, Authentication operator) {
		String prefix;
		if (ALL.equals(name)) {
			prefix = "";
		}
		else {
			prefix = Arrays.stream(Monkey.values())
				.filter((monkey) -> monkey.id().equals(name))
				.findFirst()
				.map((monkey) -> monkey.id() + ".")
				.orElseThrow(() -> new AdminExceptions.NotFound("monkey", name,
						"no monkey '" + name + "'; the monkeys are " + ALL + ", "
								+ Arrays.stream(Monkey.values())
									.map(Monkey::id)
									.collect(java.util.stream.Collectors.joining(", "))));
		}
		Map<String, String> changes = new java.util.LinkedHashMap<>();
		changes.put(prefix + "enabled", String.valueOf(enabled));
		if (dryRun != null) {
			changes.put(prefix + "dry-run", String.valueOf(dryRun));
		}
		this.settingsChanges.apply(changes, operator.getName());
		return monkeys();
	}

	/**
	 * @param armed whether any monkey acts (enabled and not in dry-run)
	 * @param dryRun the global dry-run switch (each monkey may override it)
	 * @param enabled the global switch
	 * @param replica the replica that answered
	 * @param leader what the acting replica published in its last tick; {@code null} when
	 * no replica is acting
	 * @param leaderTickAgeMillis how long ago that tick was
	 * @param monkeys each monkey's switch, dry-run and breakers
	 * @param settings the thresholds in force
	 */
	record MonkeysView(boolean armed, boolean dryRun, boolean enabled, ReplicaView replica, LeaderStatus leader,
			Long leaderTickAgeMillis, List<MonkeyView> monkeys, Settings settings) {
	}

	/**
	 * @param id this replica
	 * @param leading whether it acts
	 * @param lastTick when it last ticked
	 */
	record ReplicaView(String id, boolean leading, Instant lastTick) {
	}

	/**
	 * @param name the monkey
	 * @param enabled its switch (and the global one)
	 * @param dryRun whether it only records
	 * @param openBreakers pools it leaves alone because their circuit breaker is open
	 * @param does what it does
	 */
	record MonkeyView(String name, boolean enabled, boolean dryRun, List<String> openBreakers, String does) {
	}

	/** The settings in force, without the provisioner's credentials. */
	record Settings(Duration tick, int maxRemediationsInFlight, MonkeyProperties.Breaker breaker,
			MonkeyProperties.Doctor doctor, MonkeyProperties.Repair repair, MonkeyProperties.Gift gift,
			MonkeyProperties.ScaleIn scaleIn, MonkeyProperties.Migration migration, MonkeyProperties.Restart restart) {

		static Settings of(MonkeyProperties settings) {
			return new Settings(settings.tick(), settings.maxRemediationsInFlight(), settings.breaker(),
					settings.doctor(), settings.repair(), settings.gift(), settings.scaleIn(), settings.migration(),
					settings.restart());
		}

	}

}

package io.monkeyfleet.monkey.guard;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.monkeyfleet.monkey.rules.Monkey;

/**
 * The switches and limits every proposal passes through.
 *
 * @param enabled the global switch: off, nothing is done or recorded as would-be
 * @param switches each monkey's own switch and dry-run setting (a fresh install starts in
 * dry-run)
 * @param maxRemediationsInFlight actions that take a node out of rotation (repairs,
 * scale-ins) in flight fleet-wide at any instant
 * @param budget how often one node may be repaired
 * @param giftCooldown no launch in a pool sooner than this after its previous one
 * @param migrationCooldown no migration in a pool sooner than this after its previous one
 */
public record GuardPolicy(boolean enabled, Map<Monkey, Switch> switches, int maxRemediationsInFlight,
		RepairBudget budget, Duration giftCooldown, Duration migrationCooldown) {

	public GuardPolicy {
		if (maxRemediationsInFlight < 1) {
			throw new IllegalArgumentException(
					"maxRemediationsInFlight must be at least 1, was " + maxRemediationsInFlight);
		}
		if (budget == null || giftCooldown == null || migrationCooldown == null) {
			throw new IllegalArgumentException("budget and cooldowns are required");
		}
		Map<Monkey, Switch> all = new EnumMap<>(Monkey.class);
		for (Monkey monkey : Monkey.values()) {
			all.put(monkey, switches.getOrDefault(monkey, new Switch(true, true)));
		}
		switches = Map.copyOf(all);
	}

	/** Every monkey on, all in dry-run or all armed, with default cooldowns. */
	public static GuardPolicy uniform(boolean dryRun, boolean enabled, int maxRemediationsInFlight,
			RepairBudget budget) {
		Map<Monkey, Switch> switches = new EnumMap<>(Monkey.class);
		for (Monkey monkey : Monkey.values()) {
			switches.put(monkey, new Switch(true, dryRun));
		}
		return new GuardPolicy(enabled, switches, maxRemediationsInFlight, budget, Duration.ofMinutes(5),
				Duration.ofMinutes(10));
	}

	public Switch of(Monkey monkey) {
		return this.switches.get(monkey);
	}

	/** Whether every monkey is in dry-run. */
	public boolean allDryRun() {
		return this.switches.values().stream().allMatch(Switch::dryRun);
	}

	/**
	 * @param enabled the monkey's switch
	 * @param dryRun the monkey records what it would do and does nothing
	 */
	public record Switch(boolean enabled, boolean dryRun) {
	}

}

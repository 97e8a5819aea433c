package io.monkeyfleet.provisioner.drivers;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.LaunchTemplate;

/**
 * Does things to hosts of one kind. The job engine asks it which steps an operation
 * takes, then runs them one by one, persisting each; health checks, smoke tests and the
 * proof of a reboot are the engine's own, the same for every driver. A reboot's plan
 * therefore starts with {@link Action#NOTE_BOOT_MARKER} (before anything takes the host
 * down) and has {@link Action#AWAIT_NEW_BOOT} after the host is back, before
 * {@link Action#AWAIT_HEALTH}.
 */
public interface HostDriver {

	DriverKind kind();

	/**
	 * The steps that carry out {@code operation} on {@code host}, in order.
	 * @throws UnsupportedOperationForHostException when this driver cannot do it for this
	 * host
	 */
	List<Action> plan(Operation operation, HostDefinition host);

	/**
	 * Carries out one step.
	 * @param source the source host of a {@link Action#COPY} or {@link Action#INSTALL},
	 * otherwise {@code null}
	 * @throws StepFailedException when it could not be done
	 */
	void execute(Action action, HostDefinition host, HostDefinition source, StepContext context);

	/**
	 * Launches a new host from {@code template} under {@code hostId}, and returns its
	 * definition (which the caller keeps in the inventory).
	 */
	default HostDefinition launch(LaunchTemplate template, String hostId, StepContext context) {
		throw new UnsupportedOperationForHostException(kind() + " hosts cannot be launched");
	}

	/**
	 * Why the host cannot be healthy right now (its process exited, say), so a health
	 * wait fails at once instead of at its deadline; empty when nothing is known to be
	 * wrong.
	 */
	default Optional<String> knownProblem(HostDefinition host) {
		return Optional.empty();
	}

	/** Anything worth showing about the host's current state (pids, instance state). */
	default Map<String, String> describe(HostDefinition host) {
		return Map.of();
	}

}

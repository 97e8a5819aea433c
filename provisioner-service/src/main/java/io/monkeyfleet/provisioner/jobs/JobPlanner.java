package io.monkeyfleet.provisioner.jobs;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.Drivers;
import io.monkeyfleet.provisioner.drivers.Operation;
import io.monkeyfleet.provisioner.drivers.UnsupportedOperationForHostException;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.Inventory;
import io.monkeyfleet.provisioner.inventory.LaunchTemplate;
import io.monkeyfleet.provisioner.inventory.NoSuchHostException;

/**
 * Turns a request into a job: checks the hosts exist, asks their drivers for the steps,
 * and names everything. Nothing runs yet.
 */
public class JobPlanner {

	private final Inventory inventory;

	private final Drivers drivers;

	private final Clock clock;

	private final JobIds ids;

	public JobPlanner(Inventory inventory, Drivers drivers, Clock clock, JobIds ids) {
		this.inventory = inventory;
		this.drivers = drivers;
		this.clock = clock;
		this.ids = ids;
	}

	/**
	 * A reboot, restart, deploy or terminate of one host.
	 * @throws NoSuchHostException when the host is not in the inventory
	 * @throws UnsupportedOperationForHostException when its driver cannot do it
	 */
	public Job hostJob(JobType type, String hostId, Caller caller) {
		HostDefinition host = this.inventory.host(hostId);
		Operation operation = switch (type) {
			case REBOOT -> Operation.REBOOT;
			case RESTART -> Operation.RESTART;
			case DEPLOY -> Operation.DEPLOY;
			case TERMINATE -> Operation.TERMINATE;
			default -> throw new IllegalArgumentException(type + " is not a single-host job");
		};
		StepList steps = new StepList();
		steps.add(this.drivers.of(host).plan(operation, host), host.id(), Map.of());
		return job(type, List.of(host.id()), Map.of(), steps.steps, caller);
	}

	/** Launches a new host from a template; its id is chosen here. */
	public Job launch(String templateName, Caller caller) {
		LaunchTemplate template = this.inventory.template(templateName);
		String hostId = this.ids.newHostId(template.name());
		StepList steps = new StepList();
		steps.add(this.drivers.of(template.driver()).plan(Operation.LAUNCH, null), hostId,
				Map.of(StepRunner.TEMPLATE, template.name()));
		return job(JobType.LAUNCH, List.of(hostId), Map.of(StepRunner.TEMPLATE, template.name()), steps.steps, caller);
	}

	/**
	 * Moves {@code source}'s service to {@code target}: copy, install, start, wait for
	 * health. The source keeps running: switching traffic is monkey-service's job.
	 */
	public Job migrate(String sourceId, String targetId, Caller caller) {
		HostDefinition source = this.inventory.host(sourceId);
		HostDefinition target = this.inventory.find(targetId)
			.orElseThrow(() -> new NoSuchHostException(targetId, "target host"));
		if (source.id().equals(target.id())) {
			throw new UnsupportedOperationForHostException("a host cannot be migrated to itself");
		}
		if (source.driver() != target.driver()) {
			throw new UnsupportedOperationForHostException("cannot migrate from a " + source.driver() + " host to a "
					+ target.driver() + " host; source and target must use the same driver");
		}
		StepList steps = new StepList();
		steps.add(this.drivers.of(target).plan(Operation.MIGRATE_TO, target), target.id(),
				Map.of(StepRunner.SOURCE, source.id()));
		return job(JobType.MIGRATE, List.of(source.id(), target.id()),
				Map.of(StepRunner.SOURCE, source.id(), "target", target.id()), steps.steps, caller);
	}

	/** A job with the given steps, for planners in other packages (cluster restarts). */
	public Job job(JobType type, List<String> hosts, Map<String, String> params, List<Step> steps, Caller caller) {
		return new Job(this.ids.newJobId(), type, JobStatus.QUEUED, hosts, params, steps, caller.fencingToken(),
				caller.principal(), caller.reason(), this.clock.instant(), null, null, null, Map.of(), 0);
	}

	/** The steps a driver plans for an operation on a host. */
	public List<Action> plan(Operation operation, String hostId) {
		HostDefinition host = this.inventory.host(hostId);
		return this.drivers.of(host).plan(operation, host);
	}

	/** Builds a job's step list with indexes and names. */
	public static final class StepList {

		private final List<Step> steps = new ArrayList<>();

		public StepList add(List<Action> actions, String host, Map<String, String> params) {
			for (Action action : actions) {
				add(action, host, params);
			}
			return this;
		}

		public StepList add(Action action, String host, Map<String, String> params) {
			// Only the steps that read parameters get them, so a step's record shows what
			// it acts on and nothing else.
			Map<String, String> stepParams = new LinkedHashMap<>();
			if (action == Action.COPY || action == Action.INSTALL || action == Action.LAUNCH
					|| action == Action.SMOKE_TEST) {
				stepParams.putAll(params);
			}
			this.steps
				.add(Step.pending(this.steps.size(), name(action, host, stepParams), action, host, stepParams, false));
			return this;
		}

		public List<Step> steps() {
			return List.copyOf(this.steps);
		}

		private static String name(Action action, String host, Map<String, String> params) {
			return switch (action) {
				case AWAIT_HEALTH -> "await health of " + host;
				case AWAIT_REACHABLE -> "await " + host + " back";
				case NOTE_BOOT_MARKER -> "note the boot marker of " + host;
				case AWAIT_NEW_BOOT -> "await a new boot marker of " + host;
				case BOOT_WAIT -> "keep " + host + " down for its boot time";
				case RESTART_SERVICES -> "restart services of " + host;
				case COPY -> "copy " + params.get(StepRunner.SOURCE) + " to " + host;
				case INSTALL -> "install packages of " + params.get(StepRunner.SOURCE) + " on " + host;
				case LAUNCH -> "launch " + host + " from " + params.get(StepRunner.TEMPLATE);
				case SMOKE_TEST -> "smoke test " + host;
				default -> action.name().toLowerCase() + " " + host;
			};
		}

	}

}

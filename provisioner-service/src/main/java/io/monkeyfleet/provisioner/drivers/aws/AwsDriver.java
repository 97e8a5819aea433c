package io.monkeyfleet.provisioner.drivers.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.HostDriver;
import io.monkeyfleet.provisioner.drivers.Operation;
import io.monkeyfleet.provisioner.drivers.StepContext;
import io.monkeyfleet.provisioner.drivers.StepFailedException;
import io.monkeyfleet.provisioner.drivers.UnsupportedOperationForHostException;
import io.monkeyfleet.provisioner.drivers.ssh.SshDriver;
import io.monkeyfleet.provisioner.inventory.AwsLaunchSettings;
import io.monkeyfleet.provisioner.inventory.AwsSettings;
import io.monkeyfleet.provisioner.inventory.DriverKind;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.LaunchTemplate;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateSpecification;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * EC2 instances through the AWS SDK v2: reboot, stop, start, terminate, and launch from a
 * launch template. A host that also has an {@code ssh} section restarts, deploys and
 * migrates its services over SSH, and its reboot also waits for SSH to answer with a new
 * kernel boot id.
 *
 * <p>
 * EC2 keeps a rebooting instance {@code running} throughout, so the instance state says
 * nothing about whether the reboot happened yet: what proves it is the node's new boot
 * marker ({@link Action#AWAIT_NEW_BOOT}, in the plan after
 * {@link Action#AWAIT_REACHABLE}).
 */
public class AwsDriver implements HostDriver {

	/** Tag on every instance the provisioner launches. */
	public static final String HOST_ID_TAG = "monkeyfleet:host-id";

	private final AwsDriverProperties properties;

	private final Supplier<Ec2Client> ec2;

	private final SshDriver ssh;

	/**
	 * @param ec2 the client, made on first use (so a provisioner without aws hosts needs
	 * no region or credentials)
	 * @param ssh the ssh driver, for hosts with an {@code ssh} section; may be null
	 */
	public AwsDriver(AwsDriverProperties properties, Supplier<Ec2Client> ec2, SshDriver ssh) {
		this.properties = properties;
		this.ec2 = ec2;
		this.ssh = ssh;
	}

	@Override
	public DriverKind kind() {
		return DriverKind.AWS;
	}

	@Override
	public List<Action> plan(Operation operation, HostDefinition host) {
		return switch (operation) {
			case REBOOT -> List.of(Action.NOTE_BOOT_MARKER, Action.REBOOT, Action.AWAIT_REACHABLE,
					Action.AWAIT_NEW_BOOT, Action.AWAIT_HEALTH);
			case STOP -> List.of(Action.STOP);
			case START -> List.of(Action.START, Action.AWAIT_HEALTH);
			case TERMINATE -> List.of(Action.TERMINATE);
			case LAUNCH -> List.of(Action.LAUNCH, Action.AWAIT_HEALTH);
			case RESTART, DEPLOY, MIGRATE_TO -> {
				requireSsh(host, operation);
				yield this.ssh.plan(operation, sshView(host));
			}
		};
	}

	@Override
	public void execute(Action action, HostDefinition host, HostDefinition source, StepContext context) {
		String instanceId = host.aws().instanceId();
		switch (action) {
			case REBOOT -> {
				if (host.ssh() != null && this.ssh != null) {
					// Read the boot id first, so "back" means "rebooted", not "not down
					// yet".
					this.ssh.recordBootId(sshView(host), context);
				}
				call(context, "RebootInstances " + instanceId,
						() -> this.ec2.get().rebootInstances((request) -> request.instanceIds(instanceId)));
			}
			case AWAIT_REACHABLE -> {
				awaitState(host, InstanceStateName.RUNNING, context);
				if (host.ssh() != null && this.ssh != null) {
					this.ssh.execute(Action.AWAIT_REACHABLE, sshView(host), null, context);
				}
			}
			case STOP -> {
				call(context, "StopInstances " + instanceId,
						() -> this.ec2.get().stopInstances((request) -> request.instanceIds(instanceId)));
				awaitState(host, InstanceStateName.STOPPED, context);
			}
			case START -> {
				call(context, "StartInstances " + instanceId,
						() -> this.ec2.get().startInstances((request) -> request.instanceIds(instanceId)));
				awaitState(host, InstanceStateName.RUNNING, context);
				if (host.ssh() != null && this.ssh != null) {
					this.ssh.execute(Action.START, sshView(host), null, context);
				}
			}
			case TERMINATE -> {
				call(context, "TerminateInstances " + instanceId,
						() -> this.ec2.get().terminateInstances((request) -> request.instanceIds(instanceId)));
				awaitState(host, InstanceStateName.TERMINATED, context);
			}
			case RESTART_SERVICES, DEPLOY, COPY, INSTALL -> {
				requireSsh(host, null);
				this.ssh.execute(action, sshView(host), (source != null) ? sshView(source) : null, context);
			}
			default -> throw new UnsupportedOperationForHostException("the aws driver has no step " + action);
		}
	}

	@Override
	public HostDefinition launch(LaunchTemplate template, String hostId, StepContext context) {
		AwsLaunchSettings launch = template.aws();
		LaunchTemplateSpecification.Builder spec = LaunchTemplateSpecification.builder().version(launch.version());
		if (launch.launchTemplateId() != null) {
			spec.launchTemplateId(launch.launchTemplateId());
		}
		else {
			spec.launchTemplateName(launch.launchTemplateName());
		}
		// The client token makes a repeated launch (a resumed job) return the same
		// instance instead of a second one.
		String clientToken = (context.jobId() + "-" + hostId);
		String token = (clientToken.length() > 64) ? clientToken.substring(0, 64) : clientToken;
		RunInstancesResponse response = call(context, "RunInstances from " + template.name(),
				() -> this.ec2.get()
					.runInstances((request) -> request.launchTemplate(spec.build())
						.minCount(1)
						.maxCount(1)
						.clientToken(token)
						.tagSpecifications((tags) -> tags.resourceType(ResourceType.INSTANCE)
							.tags(Tag.builder().key("Name").value(hostId).build(),
									Tag.builder().key(HOST_ID_TAG).value(hostId).build(),
									Tag.builder().key("monkeyfleet:job-id").value(context.jobId()).build()))));
		Instance instance = response.instances().get(0);
		context.output("launched " + instance.instanceId() + " for host " + hostId);
		AwsSettings aws = new AwsSettings(instance.instanceId());
		HostDefinition pending = new HostDefinition(hostId, DriverKind.AWS, "127.0.0.1:" + template.appPort(),
				template.healthPath(), template.packages(), null, null, aws, template.name());
		Instance running = awaitState(pending, InstanceStateName.RUNNING, context);
		String address = Optional.ofNullable(running.privateIpAddress())
			.or(() -> Optional.ofNullable(instance.privateIpAddress()))
			.orElseThrow(() -> new StepFailedException("instance " + instance.instanceId() + " has no private IP"));
		return new HostDefinition(hostId, DriverKind.AWS, address + ":" + template.appPort(), template.healthPath(),
				template.packages(), null, (template.ssh() != null) ? template.ssh().withHost(address) : null, aws,
				template.name());
	}

	@Override
	public Map<String, String> describe(HostDefinition host) {
		return Map.of("instanceId", host.aws().instanceId());
	}

	private Instance awaitState(HostDefinition host, InstanceStateName wanted, StepContext context) {
		String instanceId = host.aws().instanceId();
		Instance[] last = new Instance[1];
		context.awaitCondition("instance " + instanceId + " " + wanted, this.properties.stateTimeout(),
				this.properties.pollInterval(), () -> {
					last[0] = describe(instanceId, context);
					InstanceStateName state = last[0].state().name();
					return (state == wanted) ? Optional.empty() : Optional.of("state " + state);
				});
		context.output("instance " + instanceId + " is " + wanted);
		return last[0];
	}

	private Instance describe(String instanceId, StepContext context) {
		return call(context, null,
				() -> this.ec2.get()
					.describeInstances((request) -> request.instanceIds(instanceId))
					.reservations()
					.stream()
					.flatMap((reservation) -> reservation.instances().stream())
					.filter((instance) -> instance.instanceId().equals(instanceId))
					.findFirst()
					.orElseThrow(() -> new StepFailedException("EC2 does not know instance " + instanceId)));
	}

	private <T> T call(StepContext context, String what, Supplier<T> request) {
		context.checkCancelled();
		if (what != null) {
			context.output("EC2 " + what);
		}
		try {
			return request.get();
		}
		catch (SdkException ex) {
			throw new StepFailedException("EC2 " + ((what != null) ? what : "request") + " failed: " + ex.getMessage(),
					ex);
		}
	}

	private void requireSsh(HostDefinition host, Operation operation) {
		if (host.ssh() == null || this.ssh == null) {
			throw new UnsupportedOperationForHostException("aws host '" + host.id() + "' has no ssh section, so "
					+ ((operation != null) ? operation.name().toLowerCase() : "this")
					+ " cannot be done on it (EC2 itself can only reboot, stop, start, terminate and launch)");
		}
	}

	/** The host as the ssh driver sees it. */
	private static HostDefinition sshView(HostDefinition host) {
		return new HostDefinition(host.id(), DriverKind.SSH, host.address(), host.healthPath(), host.packages(), null,
				host.ssh(), null, host.launchedFrom(), null, host.nodeId());
	}

}

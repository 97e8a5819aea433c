package io.monkeyfleet.provisioner.jobs;

import java.time.Duration;
import java.util.Optional;

import io.monkeyfleet.provisioner.boot.BootMarkerCheck;
import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.Drivers;
import io.monkeyfleet.provisioner.drivers.HostDriver;
import io.monkeyfleet.provisioner.drivers.StepContext;
import io.monkeyfleet.provisioner.drivers.StepFailedException;
import io.monkeyfleet.provisioner.health.HealthCheckProperties;
import io.monkeyfleet.provisioner.health.HttpProbe;
import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.Inventory;

/**
 * Carries out one step: health waits, smoke tests and the boot marker checks of a reboot
 * itself (the same for every kind of host), everything else through the host's driver.
 */
public class StepRunner {

	/** Step parameters. */
	public static final String SOURCE = "source";

	public static final String TEMPLATE = "template";

	public static final String SMOKE_PATH = "path";

	public static final String SMOKE_EXPECT = "expectStatus";

	public static final String SMOKE_TIMEOUT = "timeoutSeconds";

	private final Inventory inventory;

	private final Drivers drivers;

	private final HttpProbe probe;

	private final HealthCheckProperties health;

	private final BootMarkerCheck boot;

	public StepRunner(Inventory inventory, Drivers drivers, HttpProbe probe, HealthCheckProperties health,
			BootMarkerCheck boot) {
		this.inventory = inventory;
		this.drivers = drivers;
		this.probe = probe;
		this.health = health;
		this.boot = boot;
	}

	public void run(Step step, StepContext context) {
		switch (step.action()) {
			case AWAIT_HEALTH -> awaitHealth(this.inventory.host(step.host()), context);
			case SMOKE_TEST -> smokeTest(this.inventory.host(step.host()), step, context);
			case NOTE_BOOT_MARKER -> this.boot.note(this.inventory.host(step.host()), context);
			case AWAIT_NEW_BOOT -> this.boot.awaitNewBoot(this.inventory.host(step.host()), context);
			case LAUNCH -> {
				String templateName = step.params().get(TEMPLATE);
				var template = this.inventory.template(templateName);
				HostDefinition launched = this.drivers.of(template.driver()).launch(template, step.host(), context);
				this.inventory.save(launched);
			}
			case TERMINATE -> {
				HostDefinition host = this.inventory.host(step.host());
				this.drivers.of(host).execute(Action.TERMINATE, host, null, context);
				if (host.launchedFrom() != null) {
					this.inventory.forget(host.id());
					context.output("forgot launched host " + host.id());
				}
			}
			case COPY, INSTALL -> {
				HostDefinition target = this.inventory.host(step.host());
				HostDefinition source = this.inventory.host(step.params().get(SOURCE));
				this.drivers.of(target).execute(step.action(), target, source, context);
			}
			default -> {
				HostDefinition host = this.inventory.host(step.host());
				this.drivers.of(host).execute(step.action(), host, null, context);
			}
		}
	}

	private void awaitHealth(HostDefinition host, StepContext context) {
		HostDriver driver = this.drivers.of(host);
		context.awaitCondition("health of " + host.id(), this.health.timeout(), this.health.interval(), () -> {
			Optional<String> problem = driver.knownProblem(host);
			if (problem.isPresent()) {
				throw new StepFailedException(problem.get());
			}
			HttpProbe.Result result = this.probe.get(host.appAddress(), host.healthPath());
			return result.is(200) ? Optional.empty() : Optional.of(result.description());
		});
		context.output(host.id() + " is healthy");
	}

	private void smokeTest(HostDefinition host, Step step, StepContext context) {
		String path = step.params().getOrDefault(SMOKE_PATH, host.healthPath());
		int expected = Integer.parseInt(step.params().getOrDefault(SMOKE_EXPECT, "200"));
		Duration timeout = Duration.ofSeconds(Long.parseLong(step.params().getOrDefault(SMOKE_TIMEOUT, "30")));
		HttpProbe.Result[] last = new HttpProbe.Result[1];
		try {
			context.awaitCondition("smoke test of " + host.id(), timeout, this.health.interval(), () -> {
				last[0] = this.probe.get(host.appAddress(), path);
				return last[0].is(expected) ? Optional.empty()
						: Optional.of(last[0].description() + ", expected " + expected);
			});
		}
		catch (StepFailedException ex) {
			throw new StepFailedException(
					"smoke test of " + host.id() + " failed: GET " + path + " expected " + expected + ", got "
							+ ((last[0] != null) ? last[0].description() : "nothing") + " for " + timeout);
		}
		context.output("smoke test passed: GET " + path + " answered " + expected);
	}

}

package io.monkeyfleet.provisioner.boot;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.provisioner.drivers.Action;
import io.monkeyfleet.provisioner.drivers.StepContext;
import io.monkeyfleet.provisioner.drivers.StepFailedException;
import io.monkeyfleet.provisioner.inventory.HostDefinition;

import org.springframework.dao.DataAccessException;

/**
 * The proof that a reboot happened, the same for every driver: the host's node publishes
 * (with its heartbeat) a boot marker other than the one it published before the reboot.
 * "The instance is running" (EC2 keeps a rebooting instance running) or "the app answers"
 * can both be true before the machine ever went down.
 *
 * <p>
 * {@link Action#NOTE_BOOT_MARKER} runs before the step that takes the host down and
 * remembers, as a job fact kept in Redis with the job, when it looked and the marker it
 * found; {@link Action#AWAIT_NEW_BOOT} runs after the reboot and waits, up to
 * {@link BootProperties#timeout()}, for a sample with another marker. A job resumed by
 * another provisioner compares with the same remembered marker.
 *
 * <p>
 * When no marker was published before the reboot (the node's heartbeat had expired: the
 * hung node the doctor reboots; or its agent is too old to publish one), the change
 * cannot be compared. Then only a sample of an agent process that started after the
 * reboot was sent is accepted: taken after that moment, and with a sequence number no
 * higher than such a process could have reached, sampling at most every
 * {@link MetricsSample#MIN_SAMPLING_INTERVAL}. That proves a new agent process, not a new
 * boot: an agent of the old boot that had written fewer samples than that before it hung,
 * and wakes up before the machine goes down, would pass. The step says so in its output.
 */
public class BootMarkerCheck {

	/**
	 * The fact, per host: {@code "<when it was noted> <marker>"}, or {@code "<when>"}
	 * alone when the node published none. One fact, written at once, so a step repeated
	 * after an interruption finds all of it or nothing.
	 */
	static final String BEFORE_FACT = "bootMarkerBefore:";

	private final NodeSamples samples;

	private final BootProperties properties;

	public BootMarkerCheck(NodeSamples samples, BootProperties properties) {
		this.samples = samples;
		this.properties = properties;
	}

	/**
	 * Remembers the marker the host's node publishes now, unless this job remembered one
	 * already (a repeated step: the host may be down by now).
	 * @throws StepFailedException when the node's sample cannot be read (no reboot
	 * without knowing what to compare with)
	 */
	public void note(HostDefinition host, StepContext context) {
		Optional<Before> known = before(host, context);
		if (known.isPresent()) {
			context.output("noted already at " + known.get().notedAt() + ": "
					+ known.get().marker().map((marker) -> "boot marker " + marker).orElse("no boot marker"));
			return;
		}
		Instant now = context.clock().instant();
		Optional<MetricsSample> sample;
		try {
			sample = this.samples.latest(host.nodeId());
		}
		catch (DataAccessException ex) {
			throw new StepFailedException("cannot read the sample of node " + host.nodeId()
					+ ", so there would be no boot marker to compare after the reboot: " + ex.getMessage(), ex);
		}
		String marker = sample.map(MetricsSample::bootMarker).orElse(null);
		context.remember(BEFORE_FACT + host.id(), (marker != null) ? now + " " + marker : now.toString());
		if (marker != null) {
			context.output(
					"node " + host.nodeId() + " publishes boot marker " + marker + " (" + describe(sample.get()) + ")");
		}
		else {
			context.output(sample
				.map((found) -> "node " + host.nodeId() + " publishes no boot marker (" + describe(found)
						+ "; its agent is older than boot markers)")
				.orElse("node " + host.nodeId() + " has no sample (its heartbeat expired: hung or down)")
					+ "; after the reboot only a sample of a new agent process is accepted");
		}
	}

	/**
	 * Waits until the host's node publishes a boot marker other than the one noted before
	 * the reboot (or, with none noted, a sample of a new agent process).
	 * @throws StepFailedException when that does not happen within the timeout
	 */
	public void awaitNewBoot(HostDefinition host, StepContext context) {
		Before before = before(host, context).orElseThrow(() -> new StepFailedException("no boot marker of " + host.id()
				+ " was noted before the reboot, so a new boot cannot be told from the old one"));
		MetricsSample[] last = new MetricsSample[1];
		String[] lastReason = new String[1];
		try {
			context.awaitCondition("a new boot of " + host.id(), this.properties.timeout(),
					this.properties.pollInterval(), () -> {
						Optional<String> notYet = notYet(host, before, context.clock().instant(), last);
						lastReason[0] = notYet.orElse(null);
						return notYet;
					});
		}
		catch (StepFailedException ex) {
			throw new StepFailedException(
					host.id() + " did not come back with a new boot marker within " + this.properties.timeout()
							+ " (before the reboot: " + before.marker().orElse("no marker published") + "; last: "
							+ lastReason[0] + ((last[0] != null) ? ", " + describe(last[0]) : "") + ")");
		}
		MetricsSample after = last[0];
		if (before.marker().isPresent()) {
			context.output(host.id() + " came back with boot marker " + after.bootMarker() + " (before the reboot: "
					+ before.marker().get() + "; " + describe(after) + ")");
		}
		else {
			context.output(host.id() + " came back: a new agent process publishes "
					+ ((after.bootMarker() != null) ? "boot marker " + after.bootMarker() : "no boot marker") + " ("
					+ describe(after) + ", after the reboot was sent at " + before.notedAt()
					+ "); no marker was published before the reboot, so the change could not be compared");
		}
	}

	/**
	 * Why the node's sample does not prove a new boot yet; its reasons stay the same from
	 * one poll to the next (the wait prints each change), the figures are in the failure
	 * message.
	 */
	private Optional<String> notYet(HostDefinition host, Before before, Instant now, MetricsSample[] last) {
		Optional<MetricsSample> read;
		try {
			read = this.samples.latest(host.nodeId());
		}
		catch (DataAccessException ex) {
			return Optional.of("cannot read the sample of node " + host.nodeId() + ": " + ex.getMessage());
		}
		if (read.isEmpty()) {
			return Optional.of("node " + host.nodeId() + " has no sample (down, or its agent has not started yet)");
		}
		MetricsSample sample = read.get();
		last[0] = sample;
		if (before.marker().isPresent()) {
			if (sample.bootMarker() == null) {
				return Optional.of("node " + host.nodeId() + " publishes no boot marker");
			}
			if (sample.bootMarker().equals(before.marker().get())) {
				return Optional.of("still boot marker " + sample.bootMarker() + " from before the reboot");
			}
			return Optional.empty();
		}
		if (!sample.sampledAt().isAfter(before.notedAt())) {
			return Optional.of("the sample was taken before the reboot was sent");
		}
		long mostSinceTheReboot = Duration.between(before.notedAt(), now).toMillis()
				/ MetricsSample.MIN_SAMPLING_INTERVAL.toMillis();
		if (sample.sequence() > mostSinceTheReboot) {
			return Optional.of("the sample comes from an agent process that started before the reboot was sent");
		}
		return Optional.empty();
	}

	private static Optional<Before> before(HostDefinition host, StepContext context) {
		return context.fact(BEFORE_FACT + host.id()).map((fact) -> {
			String[] parts = fact.split(" ", 2);
			try {
				return new Before(Instant.parse(parts[0]), Optional.ofNullable((parts.length > 1) ? parts[1] : null));
			}
			catch (DateTimeParseException ex) {
				throw new StepFailedException("the boot marker noted for " + host.id() + " is unreadable: " + fact, ex);
			}
		});
	}

	private static String describe(MetricsSample sample) {
		return "sample #" + sample.sequence() + " taken at " + sample.sampledAt();
	}

	/** What was noted before the reboot: when, and the marker if there was one. */
	private record Before(Instant notedAt, Optional<String> marker) {

	}

}

package io.monkeyfleet.provisioner.jobs;

import java.time.Clock;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * New job and host ids: time-ordered (so ids sort roughly by age) with random bits from
 * the injected generator (a {@code SecureRandom} in production, so replicas never
 * collide).
 */
public class JobIds {

	private final Clock clock;

	private final RandomGenerator random;

	public JobIds(Clock clock, RandomGenerator random) {
		this.clock = clock;
		this.random = random;
	}

	public String newJobId() {
		return "j-" + Long.toString(this.clock.millis(), 36) + "-" + hex(5);
	}

	/** A launched host's id: the template's name and random hex. */
	public String newHostId(String templateName) {
		String base = (templateName.length() > 50) ? templateName.substring(0, 50) : templateName;
		return base + "-" + hex(4);
	}

	private String hex(int bytes) {
		byte[] value = new byte[bytes];
		this.random.nextBytes(value);
		return HexFormat.of().formatHex(value);
	}

}

package io.monkeyfleet.gateway.balancing;

import java.util.List;

/**
 * How loaded a node looks; lower is better.
 *
 * <pre>
 * score = (latency + latencyFloor) × (inFlight + 1)^inFlightExponent × (1 + cpuWeight × agedCpu / 100)
 * agedCpu = prior + (cpu − prior) × 0.5^(sampleAge / cpuHalfLife)
 * </pre>
 *
 * Latency times in-flight requests is the load signal Finagle and Linkerd use: a slow
 * node and a busy node both look expensive, and the in-flight count reacts within a
 * request, long before the next CPU sample. Counted in full (exponent 1) it assumes every
 * node has the same capacity: a node with 64 request threads and 7 requests in flight
 * then looks worse than a node with one thread and one request queued, though the first
 * answers in 10 ms and the second in 40. The latency already contains the queueing a
 * node's in-flight requests cause, so the count is damped (square root by default): it
 * still spreads a burst over equal nodes, but latency decides between unequal ones. The
 * agent's CPU reading is trusted less as it ages: it fades towards the pool's mean, so a
 * stale low reading cannot attract every request (the herding of a pure "lowest CPU
 * wins"). An unknown CPU or latency counts as the pool's mean, neither best nor worst, so
 * a new node is neither flooded nor starved.
 */
final class Scorer {

	private final double cpuWeight;

	private final double cpuHalfLifeMillis;

	private final double latencyFloorMillis;

	private final double inFlightExponent;

	/**
	 * @param cpuWeight how much a full CPU multiplies the score by (1.0: 100 % CPU
	 * doubles it)
	 * @param cpuHalfLifeMillis after this long a reading counts half
	 * @param latencyFloorMillis added to every latency, so that tiny latencies do not
	 * make noise look like a difference
	 * @param inFlightExponent how strongly in-flight requests count (1: in full, 0.5:
	 * square root)
	 */
	Scorer(double cpuWeight, double cpuHalfLifeMillis, double latencyFloorMillis, double inFlightExponent) {
		this.cpuWeight = cpuWeight;
		this.cpuHalfLifeMillis = cpuHalfLifeMillis;
		this.latencyFloorMillis = latencyFloorMillis;
		this.inFlightExponent = inFlightExponent;
	}

	/** The priors of one choice: the means over the candidates that have a value. */
	record Priors(double cpuPercent, double latencyMillis) {

		static Priors of(List<Candidate> candidates) {
			double cpuSum = 0;
			int cpuCount = 0;
			double latencySum = 0;
			int latencyCount = 0;
			for (Candidate candidate : candidates) {
				if (candidate.cpuKnown()) {
					cpuSum += candidate.cpuPercent();
					cpuCount++;
				}
				if (candidate.latencyKnown()) {
					latencySum += candidate.latencyEwmaMillis();
					latencyCount++;
				}
			}
			return new Priors((cpuCount > 0) ? cpuSum / cpuCount : 50,
					(latencyCount > 0) ? latencySum / latencyCount : 0);
		}

	}

	double score(Candidate candidate, Priors priors) {
		double latency = candidate.latencyKnown() ? candidate.latencyEwmaMillis() : priors.latencyMillis();
		double inFlight = (this.inFlightExponent == 1) ? candidate.inFlight() + 1
				: Math.pow(candidate.inFlight() + 1, this.inFlightExponent);
		return (latency + this.latencyFloorMillis) * inFlight * (1 + this.cpuWeight * agedCpu(candidate, priors) / 100);
	}

	double agedCpu(Candidate candidate, Priors priors) {
		if (!candidate.cpuKnown()) {
			return priors.cpuPercent();
		}
		double ageMillis = Math.max(0, candidate.sampleAge().toMillis());
		double trust = Math.pow(0.5, ageMillis / this.cpuHalfLifeMillis);
		return priors.cpuPercent() + (candidate.cpuPercent() - priors.cpuPercent()) * trust;
	}

}

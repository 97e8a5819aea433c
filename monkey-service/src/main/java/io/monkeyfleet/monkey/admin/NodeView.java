package io.monkeyfleet.monkey.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.monkeyfleet.model.MetricsSample;
import io.monkeyfleet.model.NodeState;

/**
 * One node as the admin API shows it: its descriptor, lifecycle state, latest sample and
 * heartbeat age, the gateways' traffic to it, its repair budget and the workflow working
 * on it.
 *
 * @param id the node
 * @param pool its pool
 * @param address where its application listens
 * @param zone availability zone, or {@code null}
 * @param instanceId the cloud's id for the host, or {@code null}
 * @param labels free-form tags
 * @param state lifecycle state; {@code null} if it has none readable
 * @param stateSince when it entered the state
 * @param stateReason why
 * @param stateVersion grows by one per transition
 * @param sample the latest live sample; {@code null} when there is none (unknown, maybe
 * hung)
 * @param heartbeatAgeMillis how old that sample is; {@code null} without one
 * @param traffic the gateways' traffic to it; {@code null} when no gateway reported it
 * lately
 * @param repairBudget repairs used and left
 * @param workflow the workflow working on it, or {@code null}
 * @param history recent CPU and memory readings, only when asked for
 */
public record NodeView(String id, String pool, String address, String zone, String instanceId,
		Map<String, String> labels, NodeState state, Instant stateSince, String stateReason, Long stateVersion,
		MetricsSample sample, Long heartbeatAgeMillis, Traffic traffic, Budget repairBudget, WorkflowRef workflow,
		History history) {

	/**
	 * Summed over every gateway that reported in the last few seconds.
	 *
	 * @param gateways how many gateways reported the node
	 * @param requestsPerSecond requests per second, over the last interval seen
	 * @param errorsPerSecond failed requests (5xx or no answer) per second
	 * @param errorPercent errors as a share of requests in that interval
	 * @param inFlight requests in flight now
	 * @param p50Millis median latency (the slowest gateway's)
	 * @param p95Millis 95th percentile latency (the slowest gateway's)
	 * @param p99Millis 99th percentile latency (the slowest gateway's)
	 * @param ejected whether some gateway keeps it out of rotation now
	 */
	public record Traffic(int gateways, double requestsPerSecond, double errorsPerSecond, double errorPercent,
			int inFlight, double p50Millis, double p95Millis, double p99Millis, boolean ejected) {
	}

	/**
	 * @param used repairs within the budget's window
	 * @param max repairs allowed within it
	 * @param remaining repairs left before the node is quarantined
	 * @param notBefore while backing off, when the next repair may start; {@code null}
	 * otherwise
	 */
	public record Budget(int used, int max, int remaining, Instant notBefore) {
	}

	/**
	 * @param id the workflow
	 * @param step where it is
	 * @param startedAt when it started
	 * @param reason why
	 */
	public record WorkflowRef(String id, String step, Instant startedAt, String reason) {
	}

	/**
	 * @param cpuPercent CPU readings, oldest first
	 * @param memoryPercent memory readings, oldest first
	 */
	public record History(List<Double> cpuPercent, List<Double> memoryPercent) {
	}

}

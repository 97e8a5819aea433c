package io.monkeyfleet.model;

import java.time.Instant;

/**
 * What one gateway saw of its traffic to one node: the compact per-node aggregate a
 * gateway writes to Redis about once a second inside its {@link GatewayReport}.
 *
 * @param pool the node's pool
 * @param requests requests this gateway sent to the node since it started
 * @param errors of those, the ones that failed: a 5xx answer, or no answer at all
 * (connection refused, reset, timeout)
 * @param inFlight requests to the node that have not finished yet; 0 in every fresh
 * report of every gateway means a draining node is drained
 * @param latencyEwmaMillis the gateway's moving average of the node's response time
 * @param p50Millis median response time over the report's interval, 0 if there were no
 * requests
 * @param p95Millis 95th percentile response time over the report's interval
 * @param p99Millis 99th percentile response time over the report's interval
 * @param ejectedUntil while the gateway keeps the node out of its own rotation after
 * failures (passive outlier detection), until when; {@code null} when not ejected
 */
public record NodeTraffic(String pool, long requests, long errors, int inFlight, double latencyEwmaMillis,
		double p50Millis, double p95Millis, double p99Millis, Instant ejectedUntil) {

	public NodeTraffic {
		Require.name(pool, "pool name");
		Require.notNegative(requests, "requests");
		Require.notNegative(errors, "errors");
		Require.notNegative(inFlight, "inFlight");
		notNegative(latencyEwmaMillis, "latencyEwmaMillis");
		notNegative(p50Millis, "p50Millis");
		notNegative(p95Millis, "p95Millis");
		notNegative(p99Millis, "p99Millis");
	}

	private static void notNegative(double value, String what) {
		if (!Double.isFinite(value) || value < 0) {
			throw new IllegalArgumentException(what + " must be a number of at least 0, was " + value);
		}
	}

}

package io.monkeyfleet.gateway.snapshot;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the gateway keeps its in-memory routing snapshot in step with Redis.
 *
 * @param fullResyncInterval how often everything is read again, whatever the change
 * messages said (pub/sub loses messages while disconnected)
 * @param sampleRefreshInterval how often the agents' samples (heartbeat, CPU) are read;
 * they change too often to be announced
 * @param heartbeatMaxAge a node whose latest sample is older than this (at the time of
 * the read) gets no traffic
 * @param file where the last good snapshot is kept for a cold start while Redis is down;
 * on a local file system, in a directory only the gateway writes
 * @param fileMaxAge a snapshot file older than this is not used at start-up: routing on a
 * topology that old is worse than reporting not-ready
 * @param fileWriteInterval the file is rewritten at once when nodes, states or routes
 * change, and this often otherwise (for fresher samples)
 * @param maxUnexplainedShrink the share of a pool's routable nodes (or of the routes) one
 * update may take away without lifecycle events; more, or an emptied pool, is refused
 * @param verdictLifetime how long the address guard's verdict on a node address is reused
 * before its host is resolved and checked again
 */
@Validated
@ConfigurationProperties("monkeyfleet.gateway.snapshot")
public record SnapshotProperties(@DefaultValue("30s") @NotNull Duration fullResyncInterval,
		@DefaultValue("1s") @NotNull Duration sampleRefreshInterval,
		@DefaultValue("10s") @NotNull Duration heartbeatMaxAge,
		@DefaultValue("gateway-snapshot.json") @NotNull Path file, @DefaultValue("24h") @NotNull Duration fileMaxAge,
		@DefaultValue("30s") @NotNull Duration fileWriteInterval,
		@DefaultValue("0.5") @DecimalMin("0.0") @DecimalMax("1.0") double maxUnexplainedShrink,
		@DefaultValue("30s") @NotNull Duration verdictLifetime) {

	public SnapshotProperties {
		positive(fullResyncInterval, "full-resync-interval");
		positive(sampleRefreshInterval, "sample-refresh-interval");
		positive(heartbeatMaxAge, "heartbeat-max-age");
		positive(fileMaxAge, "file-max-age");
		positive(fileWriteInterval, "file-write-interval");
		if (verdictLifetime.isNegative()) {
			throw new IllegalArgumentException("monkeyfleet.gateway.snapshot.verdict-lifetime must not be negative");
		}
	}

	private static void positive(Duration value, String name) {
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(
					"monkeyfleet.gateway.snapshot." + name + " must be positive, was " + value);
		}
	}

}

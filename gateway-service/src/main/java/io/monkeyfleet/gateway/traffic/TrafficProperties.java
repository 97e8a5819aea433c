package io.monkeyfleet.gateway.traffic;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the gateway counts, retries and reports back to Redis.
 *
 * @param gatewayId this replica's name in its reports and events; by default the host
 * name and process id
 * @param reportInterval how often the per-node report is written to Redis (one pipelined
 * write)
 * @param reportPruneAfter other gateways' reports older than this are deleted (they
 * stopped without removing theirs)
 * @param idempotentMethods requests with these methods are retried on another node, at
 * most twice, when their node gives no answer
 * @param idempotencyHeader a request carrying this header counts as idempotent whatever
 * its method
 * @param forgetIdleNodesAfter a node that left the fleet and saw no request for this long
 * is forgotten, with its metrics
 * @param maxPendingEvents ejection events kept while Redis is unreachable; older ones are
 * dropped beyond this
 * @param directPath whether requests without a body on plain fleet routes are served by
 * the direct path ({@link DirectProxy}) rather than the Spring Cloud Gateway filter
 * chain: the same answer for less CPU, without the framework's per-request observation
 * (the {@code http.server.requests} metric and a tracing span for the gateway's hop).
 * Unset: on, unless tracing export is on ({@code management.tracing.export.enabled}),
 * where a span for every request is what was asked for. Never with
 * {@code spring.cloud.gateway.server.webflux.trusted-proxies} set (the framework then
 * writes {@code X-Forwarded-*} headers, which the direct path does not)
 */
@Validated
@ConfigurationProperties("monkeyfleet.gateway.traffic")
public record TrafficProperties(@Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,62}") String gatewayId,
		@DefaultValue("1s") @NotNull Duration reportInterval, @DefaultValue("1m") @NotNull Duration reportPruneAfter,
		@DefaultValue( {
				"GET", "HEAD", "OPTIONS" }) @NotEmpty List<String> idempotentMethods,
		@DefaultValue("Idempotency-Key") @NotBlank String idempotencyHeader,
		@DefaultValue("10m") @NotNull Duration forgetIdleNodesAfter,
		@DefaultValue("1000") @Min(1) @Max(1_000_000) int maxPendingEvents, Boolean directPath){

	public TrafficProperties {
		if (reportInterval.isNegative() || reportInterval.isZero()) {
			throw new IllegalArgumentException(
					"monkeyfleet.gateway.traffic.report-interval must be positive, was " + reportInterval);
		}
		if (reportPruneAfter.compareTo(reportInterval.multipliedBy(3)) < 0) {
			throw new IllegalArgumentException("monkeyfleet.gateway.traffic.report-prune-after (" + reportPruneAfter
					+ ") must be at least three report intervals");
		}
	}

	/** The configured id, or the host name and process id made into a valid name. */
	String effectiveGatewayId() {
		if (this.gatewayId != null) {
			return this.gatewayId;
		}
		String host;
		try {
			host = java.net.InetAddress.getLocalHost().getHostName();
		}
		catch (java.io.IOException ex) {
			host = "gateway";
		}
		String name = host.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
		String suffix = "-" + ProcessHandle.current().pid();
		name = name.isEmpty() ? "gateway" : name;
		return name.substring(0, Math.min(name.length(), 63 - suffix.length())) + suffix;
	}

}

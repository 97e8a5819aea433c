package io.monkeyfleet.gateway.routing;

import java.util.List;
import java.util.Set;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Which route filters from Redis the gateway applies.
 *
 * @param allowedFilters Spring Cloud Gateway filter names (without the
 * {@code GatewayFilterFactory} suffix) a route may use. The defaults rewrite paths and
 * headers only; filters that change where a request goes ({@code SetRequestUri},
 * {@code RequestHeaderToRequestUri}) or call elsewhere ({@code CircuitBreaker} with a
 * fallback URI) are left out on purpose: a route in Redis must not be able to send
 * requests anywhere but its pool. A route using another filter is refused with a log
 * line.
 */
@Validated
@ConfigurationProperties("monkeyfleet.gateway.routing")
public record RoutingProperties(@DefaultValue( {
		"AddRequestHeader", "AddRequestHeadersIfNotPresent", "AddRequestParameter", "AddResponseHeader",
		"DedupeResponseHeader", "MapRequestHeader", "PrefixPath", "PreserveHostHeader", "RemoveRequestHeader",
		"RemoveRequestParameter", "RemoveResponseHeader", "RequestSize", "RewritePath", "RewriteResponseHeader",
		"SecureHeaders", "SetPath", "SetRequestHeader", "SetResponseHeader", "SetStatus",
		"StripPrefix" }) @NotNull List<String> allowedFilters){

	Set<String> allowedFilterSet() {
		return Set.copyOf(this.allowedFilters);
	}

}

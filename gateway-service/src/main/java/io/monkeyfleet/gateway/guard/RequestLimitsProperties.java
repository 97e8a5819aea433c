package io.monkeyfleet.gateway.guard;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the gateway refuses itself instead of passing it on to a node.
 *
 * @param maxHeaders most header fields a request may carry (each repetition of a name
 * counts); more is answered {@code 431} by the gateway. Reactor Netty limits the header
 * section's size in bytes only, and a node may accept fewer (the JDK's HTTP server drops
 * the connection beyond 200), which would have shown as a {@code 502} of a healthy node
 */
@Validated
@ConfigurationProperties("monkeyfleet.gateway.requests")
public record RequestLimitsProperties(@DefaultValue("100") @Min(10) @Max(10_000) int maxHeaders) {

}

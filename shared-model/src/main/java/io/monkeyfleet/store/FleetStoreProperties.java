package io.monkeyfleet.store;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how the fleet's data is kept in Redis. The connection itself (host, port,
 * user, password, TLS) is Spring Boot's {@code spring.data.redis.*}.
 *
 * @param keyPrefix prefix of every key and channel; on Redis Cluster use one with a hash
 * tag, such as <code>{mf}:</code>
 * @param eventStreamMaxLength the event stream keeps exactly this many newest events
 * @param maxClockSkew how far in the future a stored timestamp may be before the record
 * is refused as malformed
 */
@Validated
@ConfigurationProperties("monkeyfleet.store")
public record FleetStoreProperties(
		@DefaultValue("mf:") @NotNull @Pattern(regexp = "[A-Za-z0-9{}._:-]{1,32}") String keyPrefix,
		@DefaultValue("10000") @Min(1) long eventStreamMaxLength, @DefaultValue("5s") @NotNull Duration maxClockSkew,
		@DefaultValue("1s") @NotNull Duration reconnectMaxDelay) {

	FleetStoreSettings settings() {
		return new FleetStoreSettings(this.eventStreamMaxLength, this.maxClockSkew);
	}

}

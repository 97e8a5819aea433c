package io.monkeyfleet.gateway.seed;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * A YAML file of pools and routes loaded into Redis at start-up, until monkey-service's
 * admin API takes over that job.
 *
 * @param file the seed file; nothing is loaded when unset
 * @param mode {@code create-missing} saves only pools and routes Redis does not have yet
 * (an edit made since is kept); {@code overwrite} saves every one
 * @param retryInterval how often loading is tried again while Redis is unreachable
 */
@Validated
@ConfigurationProperties("monkeyfleet.gateway.seed")
public record SeedProperties(Path file, @DefaultValue("create-missing") @NotNull Mode mode,
		@DefaultValue("5s") @NotNull Duration retryInterval) {

	/** What to do with a pool or route that Redis already has. */
	public enum Mode {

		/** Leave it. */
		CREATE_MISSING,
		/** Replace it with the seed's. */
		OVERWRITE

	}

}

package io.monkeyfleet.provisioner.cluster;

import java.util.List;

import io.monkeyfleet.provisioner.inventory.HostDefinition;
import io.monkeyfleet.provisioner.inventory.Names;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A cluster restart: which hosts, what each depends on, and how each is smoke-tested
 * after its start.
 *
 * @param services the hosts, in any order; dependencies decide the order
 * @param onFailure {@code STOP} (default): a failed step ends the job and leaves every
 * host not yet started stopped; {@code ROLLBACK}: every host the plan stopped and did not
 * start yet is started again
 * @param reason why, kept with the job
 */
public record RestartPlanRequest(@NotEmpty @Size(max = 200) List<@Valid @NotNull Service> services, OnFailure onFailure,
		@Size(max = 500) String reason) {

	public RestartPlanRequest {
		onFailure = (onFailure != null) ? onFailure : OnFailure.STOP;
	}

	/** What a failed step does to the rest of the plan. */
	public enum OnFailure {

		STOP, ROLLBACK

	}

	/**
	 * @param host a host id from the inventory
	 * @param dependsOn hosts of this plan that must be up before this one starts
	 * @param smokeTest the check after its start; its health path with 200 when absent
	 */
	public record Service(@NotNull @Pattern(regexp = Names.ID) String host,
			@Size(max = 50) List<@NotNull @Pattern(regexp = Names.ID) String> dependsOn, @Valid SmokeTest smokeTest) {

		public Service {
			dependsOn = (dependsOn != null) ? List.copyOf(dependsOn) : List.of();
		}

	}

	/**
	 * An HTTP GET to the host's app address.
	 *
	 * @param path the path to ask, beginning with {@code /}
	 * @param expectStatus the status that passes; default 200
	 * @param timeoutSeconds how long to keep trying before it fails; default 30
	 */
	public record SmokeTest(@Pattern(regexp = HostDefinition.HTTP_PATH) String path,
			@Min(100) @Max(599) Integer expectStatus, @Min(1) @Max(3600) Integer timeoutSeconds) {

	}

}

package io.monkeyfleet.provisioner.inventory;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * An EC2 instance.
 *
 * @param instanceId the instance's id, {@code i-} and hex digits
 */
public record AwsSettings(@NotNull @Pattern(regexp = AwsSettings.INSTANCE_ID) String instanceId) {

	static final String INSTANCE_ID = "i-[0-9a-f]{8,17}";

	public AwsSettings {
		Names.require(instanceId, INSTANCE_ID, "aws instance-id");
	}

}

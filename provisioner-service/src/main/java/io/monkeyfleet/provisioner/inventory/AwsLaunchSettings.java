package io.monkeyfleet.provisioner.inventory;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What EC2 launches from: a launch template (by id or by name) and its version.
 *
 * @param launchTemplateId {@code lt-} and hex digits; this or the name
 * @param launchTemplateName the template's name; this or the id
 * @param version a version number, {@code $Default} or {@code $Latest}
 */
public record AwsLaunchSettings(@Pattern(regexp = "lt-[0-9a-f]{8,17}") String launchTemplateId,
		@Pattern(regexp = "[A-Za-z0-9()./_-]{3,128}") String launchTemplateName,
		@DefaultValue("$Default") @NotBlank @Pattern(regexp = "[0-9]+|\\$Default|\\$Latest") String version) {

	public AwsLaunchSettings {
		if ((launchTemplateId == null) == (launchTemplateName == null)) {
			throw new IllegalArgumentException(
					"an aws launch template needs exactly one of launch-template-id " + "and launch-template-name");
		}
		version = (version != null) ? version : "$Default";
	}

}

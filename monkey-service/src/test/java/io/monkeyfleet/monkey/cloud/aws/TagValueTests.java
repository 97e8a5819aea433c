package io.monkeyfleet.monkey.cloud.aws;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tag values are cut to EC2's limit without breaking a character. */
class TagValueTests {

	@Test
	void aShortValueIsKept() {
		assertThat(AwsCloudProvider.tagValue("pool web ran hot")).isEqualTo("pool web ran hot");
		assertThat(AwsCloudProvider.tagValue("x".repeat(256))).hasSize(256);
	}

	@Test
	void aLongValueIsCutToTheLimit() {
		assertThat(AwsCloudProvider.tagValue("x".repeat(300))).isEqualTo("x".repeat(256));
	}

	@Test
	void aCharacterOutsideTheBasicPlaneIsNotCutInHalf() {
		// 255 letters, then an emoji (two UTF-16 units) across the limit.
		String value = "x".repeat(255) + "\uD83D\uDC12" + "tail";

		assertThat(AwsCloudProvider.tagValue(value)).isEqualTo("x".repeat(255));
	}

}

package io.monkeyfleet.startup;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

@ExtendWith(OutputCaptureExtension.class)
class StartupFailureTests {

	@Test
	void badConfigurationStopsStartUpWithOneClearLine(CapturedOutput output) {
		assertThatException().isThrownBy(
				() -> new SpringApplicationBuilder(AnyService.class)
					.properties("spring.main.web-application-type=none", "monkeyfleet.store.key-prefix=bad prefix",
							"spring.main.banner-mode=off")
					.run());
		List<String> reported = output.getAll().lines().filter((line) -> line.contains("Cannot start:")).toList();
		assertThat(reported).singleElement()
			.asString()
			.contains("monkeyfleet.store.key-prefix")
			.contains("bad prefix")
			.contains("Fix:");
		assertThat(output.getAll()).doesNotContain("APPLICATION FAILED TO START").doesNotContain("\tat ");
	}

	@Test
	void eventStreamLengthMustBePositive(CapturedOutput output) {
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(AnyService.class)
			.properties("spring.main.web-application-type=none", "monkeyfleet.store.event-stream-max-length=0")
			.run());
		assertThat(output.getAll()).containsPattern("Cannot start: .*monkeyfleet.store.event-stream-max-length");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class AnyService {

	}

}

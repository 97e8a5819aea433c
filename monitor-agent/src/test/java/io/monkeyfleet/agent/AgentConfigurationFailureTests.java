package io.monkeyfleet.agent;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Bad configuration stops the agent before it does anything, with one line that says why.
 */
@ExtendWith(OutputCaptureExtension.class)
class AgentConfigurationFailureTests {

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					monkeyfleet.agent.pool=                   | pool
					monkeyfleet.agent.address=not-an-address  | must look like host:port
					monkeyfleet.agent.address=host:99999      | address port must be between 1 and 65535
					monkeyfleet.agent.interval=0s             | monkeyfleet.agent.interval must be positive
					monkeyfleet.agent.interval=-1s            | monkeyfleet.agent.interval must be positive
					monkeyfleet.agent.health.timeout=2s       | must be shorter than monkeyfleet.agent.interval
					monkeyfleet.agent.cpu.source=PROCESS      | needs monkeyfleet.agent.cpu.pid or monkeyfleet.agent.cpu.pid-file
					monkeyfleet.agent.node-id=bad:id          | node id 'bad:id'
					monkeyfleet.agent.health.url=ftp://x/     | must be an http or https URL
					monkeyfleet.agent.interval=50ms           | monkeyfleet.agent.interval must be at least 100ms
					monkeyfleet.agent.boot-marker.source=uuid | monkeyfleet.agent.boot-marker.source
					monkeyfleet.agent.boot-marker.file=/no/such/boot_id | 'monkeyfleet.agent.boot-marker.file'
					monkeyfleet.agent.boot-marker.file=/proc/self/stat  | must be 1 to 128 visible ASCII characters
					""")
	void refusesToStart(String badProperty, String expectedReason, CapturedOutput output) {
		List<String> properties = new ArrayList<>(List.of("spring.main.web-application-type=none",
				"monkeyfleet.agent.node-id=n1", "monkeyfleet.agent.pool=web",
				"monkeyfleet.agent.address=127.0.0.1:8080", "spring.data.redis.port=1"));
		properties.add(badProperty);
		assertThatException().isThrownBy(() -> new SpringApplicationBuilder(MonitorAgentApplication.class)
			.properties(properties.toArray(String[]::new))
			.run());
		List<String> reported = output.getAll().lines().filter((line) -> line.contains("Cannot start:")).toList();
		assertThat(reported).singleElement().asString().contains(expectedReason);
		assertThat(output.getAll()).doesNotContain("\tat ");
	}

}

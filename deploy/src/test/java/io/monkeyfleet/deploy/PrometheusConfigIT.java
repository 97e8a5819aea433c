package io.monkeyfleet.deploy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus configuration and alert rules pass Debian's {@code promtool}, and the
 * rules' own unit tests ({@code promtool test rules}) prove each alert fires on the
 * series that should fire it and stays quiet otherwise.
 */
class PrometheusConfigIT {

	@Test
	void promtoolAcceptsTheConfiguration() {
		Path promtool = Tools.require("promtool");
		Tools.Result result = Tools
			.run(Tools.command(promtool, "check", "config", "prometheus/prometheus.yml"), DeployFiles.deploy(),
					Map.of(), Duration.ofMinutes(1))
			.assertSucceeded();
		assertThat(result.output()).contains("1 rule files found");
	}

	@Test
	void promtoolAcceptsTheRules() {
		Path promtool = Tools.require("promtool");
		Tools.Result result = Tools
			.run(Tools.command(promtool, "check", "rules", "prometheus/rules/monkeyfleet-alerts.yml"),
					DeployFiles.deploy(), Map.of(), Duration.ofMinutes(1))
			.assertSucceeded();
		assertThat(result.output()).contains("SUCCESS: 7 rules found");
	}

	@Test
	void everyAlertFiresOnWhatItShouldAndOnNothingElse() {
		Path promtool = Tools.require("promtool");
		Tools.Result result = Tools
			.run(Tools.command(promtool, "test", "rules", "monkeyfleet-alerts-test.yml"),
					DeployFiles.file("prometheus/tests"), Map.of(), Duration.ofMinutes(1))
			.assertSucceeded();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void theRuleTestsCoverEveryAlert() {
		String rules = DeployFiles.read("prometheus/rules/monkeyfleet-alerts.yml");
		String tests = DeployFiles.read("prometheus/tests/monkeyfleet-alerts-test.yml");
		rules.lines()
			.map(String::trim)
			.filter((line) -> line.startsWith("- alert: "))
			.map((line) -> line.substring("- alert: ".length()))
			.forEach((alert) -> assertThat(tests).as("a test of " + alert).contains("alertname: " + alert));
	}

}

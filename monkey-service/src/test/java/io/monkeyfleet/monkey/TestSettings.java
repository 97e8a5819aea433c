package io.monkeyfleet.monkey;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The monkeys' settings as a test wants them: configuration properties (without the
 * {@code monkeyfleet.monkey.} prefix) bound exactly as at start-up, defaults and
 * validation included.
 */
public final class TestSettings {

	private TestSettings() {
	}

	public static MonkeyProperties of(Map<String, String> properties) {
		Map<String, String> all = new LinkedHashMap<>();
		all.put("monkeyfleet.monkey.provisioner.token", "test-token");
		properties.forEach((name, value) -> all.put("monkeyfleet.monkey." + name, value));
		return new Binder(new MapConfigurationPropertySource(all)).bindOrCreate("monkeyfleet.monkey",
				MonkeyProperties.class);
	}

}

package io.monkeyfleet.monkey.admin;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.monkeyfleet.model.EventType;
import io.monkeyfleet.model.FleetEvent;
import io.monkeyfleet.monkey.MonkeyProperties;
import io.monkeyfleet.monkey.settings.RuntimeSettings;
import io.monkeyfleet.store.FleetStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The monkeys' thresholds and switches, changed at runtime: a partial update of property
 * paths under {@code monkeyfleet.monkey.}, validated as the configuration is at start-up
 * (a bad value is a 400 naming the property), kept in Redis for every replica, in force
 * from the next tick, recorded as an event naming the operator.
 */
@RestController
@RequestMapping("/api/settings")
@Tag(name = "settings", description = "thresholds and switches changed at runtime")
class SettingsController {

	/** How an override's removal is shown in the event. */
	static final String CONFIGURED = "(configured)";

	private final RuntimeSettings settings;

	private final FleetStore store;

	private final Clock clock;

	SettingsController(RuntimeSettings settings, FleetStore store, Clock clock) {
		this.settings = settings;
		this.store = store;
		this.clock = clock;
	}

	@GetMapping
	@Operation(summary = "The runtime overrides and the settings in force")
	SettingsView settings() {
		return new SettingsView(this.settings.overrides(), MonkeysController.Settings.of(this.settings.current()));
	}

	@PatchMapping
	@Operation(summary = "Change settings: {\"doctor.defaults.cpu-threshold\": 85, \"gift.enabled\": false}; "
			+ "null goes back to the configured value")
	SettingsView change(@RequestBody @NotNull @Size(min = 1, max = 50) Map<String, Object> changes,
			Authentication operator) {
		Map<String, String> text = new LinkedHashMap<>();
		changes.forEach((key, value) -> {
			if (value instanceof Map || value instanceof Iterable) {
				throw new AdminExceptions.InvalidRequest(
						key + " must be a single value (text, number or true/false), or null to remove the override");
			}
			text.put(key, (value != null) ? String.valueOf(value) : null);
		});
		apply(text, operator.getName());
		return settings();
	}

	/**
	 * Applies the changes and records them as one event.
	 * @throws AdminExceptions.InvalidRequest naming the property that does not validate
	 */
	MonkeyProperties apply(Map<String, String> changes, String operator) {
		MonkeyProperties result;
		try {
			result = this.settings.change(changes);
		}
		catch (RuntimeSettings.InvalidSettingException ex) {
			throw new AdminExceptions.InvalidSetting(ex.property(), ex.getMessage());
		}
		Map<String, String> evidence = new TreeMap<>();
		changes.forEach((key, value) -> evidence.put(key.replaceAll("[^A-Za-z0-9._-]", "_"),
				(value != null) ? value : CONFIGURED));
		String what = changes.entrySet()
			.stream()
			.map((change) -> change.getKey() + "=" + ((change.getValue() != null) ? change.getValue() : CONFIGURED))
			.collect(Collectors.joining(", "));
		this.store.appendEvent(new FleetEvent(this.clock.instant(), EventType.SETTINGS_CHANGED, null, null,
				"settings changed by operator " + operator + ": " + what, evidence, "operator:" + operator));
		return result;
	}

	/**
	 * @param overrides the runtime overrides, by property path
	 * @param effective the settings in force (configuration and overrides)
	 */
	record SettingsView(Map<String, String> overrides, MonkeysController.Settings effective) {
	}

}

package io.monkeyfleet.monkey.settings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.monkeyfleet.monkey.MonkeyProperties;
import io.monkeyfleet.store.KeySchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.validation.FieldError;
import org.springframework.validation.Validator;

/**
 * The monkeys' settings: the configuration, with the overrides operators set at runtime
 * (kept in Redis, so every replica uses the same ones) bound over it by Spring Boot's
 * {@link Binder} into a new {@link MonkeyProperties} — validated exactly as at start-up.
 * The overrides are read again at most every {@code refresh}, so a change made on any
 * replica applies from the leader's next tick.
 *
 * <p>
 * Redis unreachable: the last settings read stand (the monkeys stop acting anyway until
 * it is back). Overrides in Redis that no longer bind (written by hand, or by an older
 * version) are logged and ignored as a whole, leaving the configuration.
 */
public class RuntimeSettings implements SettingsSource {

	private static final Logger logger = LoggerFactory.getLogger(RuntimeSettings.class);

	/** The prefix of every setting. */
	public static final String PREFIX = "monkeyfleet.monkey";

	/** Read once at start-up: changing them at runtime would change nothing. */
	private static final Set<String> FIXED = Set.of("tick", "replica-id", "lease-time-to-live", "provisioner", "cloud");

	private final MonkeyProperties configured;

	private final StringRedisTemplate redis;

	private final KeySchema keys;

	private final ConfigurableEnvironment environment;

	private final Validator validator;

	private final Clock clock;

	private final Duration refresh;

	private Map<String, String> overrides = Map.of();

	private MonkeyProperties current;

	private Instant readAt = Instant.MIN;

	private boolean failing;

	public RuntimeSettings(MonkeyProperties configured, StringRedisTemplate redis, KeySchema keys,
			ConfigurableEnvironment environment, Validator validator, Clock clock, Duration refresh) {
		this.configured = configured;
		this.current = configured;
		this.redis = redis;
		this.keys = keys;
		this.environment = environment;
		this.validator = validator;
		this.clock = clock;
		this.refresh = refresh;
	}

	@Override
	public synchronized MonkeyProperties current() {
		Instant now = this.clock.instant();
		if (now.isBefore(this.readAt.plus(this.refresh))) {
			return this.current;
		}
		this.readAt = now;
		try {
			Map<String, String> stored = read();
			if (!stored.equals(this.overrides)) {
				this.current = bind(stored);
				this.overrides = stored;
			}
			this.failing = false;
		}
		catch (DataAccessException ex) {
			if (!this.failing) {
				this.failing = true;
				logger.warn("Cannot read the runtime settings ({}); the last ones read stand", ex.getMessage());
			}
		}
		catch (InvalidSettingException ex) {
			if (!this.failing) {
				this.failing = true;
				logger.warn("Ignoring the runtime settings in Redis: {}", ex.getMessage());
			}
		}
		return this.current;
	}

	/** The overrides in force, by property path under {@code monkeyfleet.monkey.}. */
	public synchronized Map<String, String> overrides() {
		current();
		return new TreeMap<>(this.overrides);
	}

	/**
	 * Changes some settings: each key a property path under {@code monkeyfleet.monkey.},
	 * each value its new value, or {@code null} to go back to the configured one. Nothing
	 * is stored unless the result binds and validates as a whole.
	 * @return the settings in force now
	 * @throws InvalidSettingException naming the property and why
	 */
	public synchronized MonkeyProperties change(Map<String, String> changes) {
		Map<String, String> next = new TreeMap<>(read());
		changes.forEach((key, value) -> {
			requireChangeable(key);
			if (value == null) {
				next.remove(key);
			}
			else {
				next.put(key, value);
			}
		});
		MonkeyProperties bound = bind(next);
		List<String> removed = new ArrayList<>();
		Map<String, String> set = new LinkedHashMap<>();
		changes.forEach((key, value) -> {
			if (value == null) {
				removed.add(key);
			}
			else {
				set.put(key, value);
			}
		});
		if (!set.isEmpty()) {
			this.redis.opsForHash().putAll(this.keys.monkeySettings(), set);
		}
		if (!removed.isEmpty()) {
			this.redis.opsForHash().delete(this.keys.monkeySettings(), removed.toArray());
		}
		this.overrides = Map.copyOf(next);
		this.current = bound;
		this.readAt = this.clock.instant();
		return bound;
	}

	private Map<String, String> read() {
		Map<Object, Object> entries = this.redis.opsForHash().entries(this.keys.monkeySettings());
		Map<String, String> stored = new TreeMap<>();
		entries.forEach((key, value) -> stored.put(String.valueOf(key), String.valueOf(value)));
		return stored;
	}

	private static void requireChangeable(String key) {
		if (key == null || !ConfigurationPropertyName.isValid(key) || key.isEmpty()) {
			throw new InvalidSettingException(String.valueOf(key),
					"is not a property name; use the dashed form under monkeyfleet.monkey, such as doctor.defaults.cpu-threshold");
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(key);
		if (!name.toString().equals(key)) {
			throw new InvalidSettingException(key, "write it in the dashed lower-case form: " + name);
		}
		if (FIXED.contains(name.getElement(0, ConfigurationPropertyName.Form.DASHED))) {
			throw new InvalidSettingException(key, "is read once at start-up; change it in the configuration");
		}
	}

	/**
	 * The configuration with these overrides bound over it, validated like the
	 * configuration at start-up.
	 */
	MonkeyProperties bind(Map<String, String> overrides) {
		if (overrides.isEmpty()) {
			return this.configured;
		}
		Map<String, String> prefixed = new LinkedHashMap<>();
		overrides.forEach((key, value) -> prefixed.put(PREFIX + "." + key, value));
		MapConfigurationPropertySource runtime = new MapConfigurationPropertySource(prefixed);
		List<ConfigurationPropertySource> sources = new ArrayList<>();
		sources.add(runtime);
		ConfigurationPropertySources.get(this.environment).forEach(sources::add);
		Binder binder = new Binder(sources, new PropertySourcesPlaceholdersResolver(this.environment),
				ApplicationConversionService.getSharedInstance());
		// An override that binds nowhere is a typo: refuse it rather than ignore it.
		BindHandler handler = new ValidationBindHandler(
				new NoUnboundElementsBindHandler(BindHandler.DEFAULT, (source) -> source == runtime), this.validator);
		MonkeyProperties bound;
		try {
			bound = binder.bindOrCreate(PREFIX, Bindable.of(MonkeyProperties.class), handler);
		}
		catch (BindException ex) {
			throw InvalidSettingException.of(ex);
		}
		try {
			// What every tick builds from the settings must build: a value that binds but
			// that a policy refuses would stop the monkeys at their next tick.
			bound.guardPolicy();
			bound.repairSettings();
			bound.scalingPolicy();
			bound.migrationPolicy();
			bound.doctor().pools().keySet().forEach(bound::doctorPolicy);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidSettingException(String.join(", ", overrides.keySet()),
					"is not valid: " + ex.getMessage());
		}
		return bound;
	}

	/** A runtime setting that does not bind or validate, naming the property. */
	public static class InvalidSettingException extends RuntimeException {

		private final String property;

		public InvalidSettingException(String property, String reason) {
			super(property + " " + reason);
			this.property = property;
		}

		public String property() {
			return this.property;
		}

		/**
		 * {@code maxRemediationsInFlight} as it is configured:
		 * max-remediations-in-flight.
		 */
		private static String dashed(String field) {
			return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
		}

		static InvalidSettingException of(BindException ex) {
			String property = ex.getName().toString();
			if (property.startsWith(PREFIX + ".")) {
				property = property.substring(PREFIX.length() + 1);
			}
			Throwable cause = ex.getCause();
			if (cause instanceof BindValidationException validation) {
				FieldError field = validation.getValidationErrors()
					.getAllErrors()
					.stream()
					.filter(FieldError.class::isInstance)
					.map(FieldError.class::cast)
					.findFirst()
					.orElse(null);
				if (field != null) {
					String name = dashed(field.getField().startsWith(PREFIX + ".")
							? field.getField().substring(PREFIX.length() + 1) : field.getField());
					return new InvalidSettingException(name,
							field.getDefaultMessage() + " (was " + field.getRejectedValue() + ")");
				}
				return new InvalidSettingException(property,
						validation.getValidationErrors().getAllErrors().toString());
			}
			Throwable root = ex;
			while (root.getCause() != null && root.getCause() != root) {
				root = root.getCause();
			}
			String reason = (root instanceof IllegalArgumentException || root instanceof IllegalStateException)
					? root.getMessage() : "cannot be bound: " + root.getMessage();
			return new InvalidSettingException(property, "is not valid: " + reason);
		}

	}

}

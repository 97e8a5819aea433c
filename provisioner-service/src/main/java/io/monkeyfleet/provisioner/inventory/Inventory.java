package io.monkeyfleet.provisioner.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.monkeyfleet.store.FleetCodec;
import io.monkeyfleet.store.KeySchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Every host the provisioner knows: the configured ones, plus those it launched or gave a
 * migrated service to, which it keeps in Redis so every provisioner replica (and the next
 * start) sees them. A host kept in Redis wins over a configured one of the same id: that
 * is how a migration target keeps the service it was given.
 */
public class Inventory {

	private static final Logger logger = LoggerFactory.getLogger(Inventory.class);

	private final Map<String, HostDefinition> configured;

	private final Map<String, LaunchTemplate> templates;

	private final StringRedisTemplate redis;

	private final KeySchema keys;

	private final FleetCodec codec;

	public Inventory(InventoryProperties properties, StringRedisTemplate redis, KeySchema keys, FleetCodec codec) {
		this.configured = new LinkedHashMap<>();
		properties.hosts().forEach((host) -> this.configured.put(host.id(), host));
		this.templates = new LinkedHashMap<>();
		properties.launchTemplates().forEach((template) -> this.templates.put(template.name(), template));
		this.redis = redis;
		this.keys = keys;
		this.codec = codec;
	}

	/**
	 * @throws NoSuchHostException when neither the configuration nor Redis has it
	 */
	public HostDefinition host(String id) {
		return find(id).orElseThrow(() -> new NoSuchHostException(id, "host"));
	}

	public Optional<HostDefinition> find(String id) {
		if (id == null || !id.matches(Names.ID)) {
			return Optional.empty();
		}
		Object json = this.redis.opsForHash().get(this.keys.provisionerHosts(), id);
		if (json != null) {
			Optional<HostDefinition> stored = decode(id, json.toString());
			if (stored.isPresent()) {
				return stored;
			}
		}
		return Optional.ofNullable(this.configured.get(id));
	}

	/** Every host, in id order. */
	public List<HostDefinition> hosts() {
		Map<String, HostDefinition> all = new TreeMap<>(this.configured);
		this.redis.opsForHash()
			.entries(this.keys.provisionerHosts())
			.forEach(
					(id, json) -> decode(id.toString(), json.toString()).ifPresent((host) -> all.put(host.id(), host)));
		return new ArrayList<>(all.values());
	}

	public boolean isConfigured(String id) {
		return this.configured.containsKey(id);
	}

	/**
	 * @throws NoSuchHostException when no template has that name
	 */
	public LaunchTemplate template(String name) {
		LaunchTemplate template = (name != null) ? this.templates.get(name) : null;
		if (template == null) {
			throw new NoSuchHostException(name, "launch template");
		}
		return template;
	}

	/** Keeps a launched host, or a migration target's new definition. */
	public void save(HostDefinition host) {
		this.redis.opsForHash().put(this.keys.provisionerHosts(), host.id(), this.codec.encode(host));
	}

	/** Forgets a launched host (a configured one stays in the configuration). */
	public void forget(String id) {
		this.redis.opsForHash().delete(this.keys.provisionerHosts(), id);
	}

	private Optional<HostDefinition> decode(String id, String json) {
		try {
			HostDefinition host = this.codec.decode(json, HostDefinition.class,
					this.keys.provisionerHosts() + "#" + id);
			return host.id().equals(id) ? Optional.of(host) : Optional.empty();
		}
		catch (RuntimeException ex) {
			logger.warn("Ignoring a stored host that is not valid: {}", ex.getMessage());
			return Optional.empty();
		}
	}

}

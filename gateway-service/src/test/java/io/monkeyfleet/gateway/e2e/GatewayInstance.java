package io.monkeyfleet.gateway.e2e;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.monkeyfleet.gateway.GatewayApplication;
import io.monkeyfleet.testsupport.redis.RealRedis;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real gateway on a free port, in this JVM (so a test can look at its snapshot), with
 * its own Redis connections, subscription and snapshot file, like a separate replica.
 */
final class GatewayInstance implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private GatewayInstance(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static GatewayInstance start(RealRedis redis, String gatewayId, Path snapshotFile, Map<String, Object> extra) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("server.port", 0);
		properties.put("spring.data.redis.host", redis.host());
		properties.put("spring.data.redis.port", redis.port());
		properties.put("monkeyfleet.gateway.traffic.gateway-id", gatewayId);
		properties.put("monkeyfleet.gateway.snapshot.file", snapshotFile.toString());
		properties.put("monkeyfleet.gateway.ssrf.allow-loopback", true);
		properties.put("spring.main.banner-mode", "off");
		properties.putAll(extra);
		// As command-line arguments: they outrank application.yml, as a real replica's
		// would.
		String[] arguments = properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(GatewayApplication.class,
				SeparateNettyResources.class)
			.run(arguments);
		return new GatewayInstance(context);
	}

	int port() {
		return ((WebServerApplicationContext) this.context).getWebServer().getPort();
	}

	String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	@Override
	public void close() {
		this.context.close();
	}

}

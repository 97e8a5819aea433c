package io.monkeyfleet.sample;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * How a sample app is started, from {@code --name=value} arguments or, failing those, the
 * environment ({@code NODE_ID}, {@code PORT}, {@code CHAOS}, {@code THREADS},
 * {@code PORT_FILE}).
 *
 * @param nodeId what {@code GET /} answers, so a caller sees which node served it
 * @param port TCP port on 127.0.0.1 by default; 0 picks a free one
 * @param bindAddress the address to listen on
 * @param chaosEnabled whether the {@code /chaos/*} endpoints work (off unless asked for)
 * @param threads request threads; a hung or busy app queues requests beyond these
 * @param portFile if set, the bound port is written there once listening (for port 0)
 * @param pidFile if set, the process id is written there once listening (for an agent
 * that watches this process)
 */
record SampleAppSettings(String nodeId, int port, String bindAddress, boolean chaosEnabled, int threads, Path portFile,
		Path pidFile) {

	SampleAppSettings {
		if (nodeId == null || nodeId.isBlank()) {
			throw new IllegalArgumentException("--node-id is required");
		}
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
		}
		if (threads < 1 || threads > 1024) {
			throw new IllegalArgumentException("--threads must be between 1 and 1024, was " + threads);
		}
	}

	static SampleAppSettings parse(String[] args, Map<String, String> environment) {
		Map<String, String> values = new HashMap<>();
		values.put("node-id", environment.get("NODE_ID"));
		values.put("port", environment.getOrDefault("PORT", "8080"));
		values.put("bind", environment.getOrDefault("BIND_ADDRESS", "127.0.0.1"));
		values.put("chaos", environment.getOrDefault("CHAOS", "false"));
		values.put("threads", environment.getOrDefault("THREADS", "64"));
		values.put("port-file", environment.get("PORT_FILE"));
		values.put("pid-file", environment.get("PID_FILE"));
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("arguments look like --name=value; got '" + arg + "'");
			}
			String name = arg.substring(2, equals);
			if (!values.containsKey(name)) {
				throw new IllegalArgumentException("unknown argument --" + name + "; known: " + values.keySet());
			}
			values.put(name, arg.substring(equals + 1));
		}
		return new SampleAppSettings(values.get("node-id"), integer(values, "port"), values.get("bind"),
				bool(values, "chaos"), integer(values, "threads"), path(values, "port-file"), path(values, "pid-file"));
	}

	private static Path path(Map<String, String> values, String name) {
		String value = values.get(name);
		return (value != null && !value.isBlank()) ? Path.of(value) : null;
	}

	private static int integer(Map<String, String> values, String name) {
		try {
			return Integer.parseInt(values.get(name).trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + values.get(name) + "'");
		}
	}

	private static boolean bool(Map<String, String> values, String name) {
		String value = values.get(name).trim();
		if (!value.equals("true") && !value.equals("false")) {
			throw new IllegalArgumentException("--" + name + " must be true or false, was '" + value + "'");
		}
		return Boolean.parseBoolean(value);
	}

}

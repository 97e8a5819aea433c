package io.monkeyfleet.loadgen;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.monkeyfleet.loadgen.chaos.ChaosSchedule;
import io.monkeyfleet.loadgen.mix.RequestMix;
import io.monkeyfleet.loadgen.run.LoadPlan;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How the load generator runs, from {@code --name=value} arguments. Anything wrong is an
 * {@link IllegalArgumentException} whose message is the one line printed.
 *
 * @param target where requests go ({@code http://localhost:8080})
 * @param plan the arrival rate(s) and how long
 * @param seed the mix's seed
 * @param mix what requests are sent
 * @param timeout how long a request may wait for its answer
 * @param connectTimeout how long connecting may take
 * @param json where the report is written as JSON, or {@code null}
 * @param chaos chaos steps, counted from the start
 * @param provisioner the provisioner's API, to find nodes for chaos, or {@code null}
 * @param provisionerToken its bearer token
 * @param answeredBy the JSON field of an answer that names the node that gave it
 * @param maxFailedShare exit with status 1 when the share of failed requests is above
 * this; {@code null} never
 */
public record LoadGenSettings(URI target, LoadPlan plan, long seed, RequestMix mix, Duration timeout,
		Duration connectTimeout, Path json, ChaosSchedule chaos, URI provisioner, String provisionerToken,
		String answeredBy, Double maxFailedShare) {

	static final String USAGE = """
			usage: loadgen --target=http://localhost:8080 [--rate=100 --duration=60s | --stages=30s@100,60s@400]
			               [--seed=N] [--mix=mix.yml] [--malformed=0.05] [--timeout=10s] [--connect-timeout=2s]
			               [--max-in-flight=10000] [--json=report.json] [--answered-by=node] [--max-failed-share=0.001]
			               [--chaos=10s:cpu:node-1:60,30s:sigstop:node-2,45s:sigcont:node-2]
			               [--stack=.local-stack/stack.json | --provisioner=http://localhost:8082 --provisioner-token=T]
			  --stack reads the local stack's gateway (the default target) and provisioner from the file run-local.sh writes.
			  chaos actions: cpu[:seconds] memory[:percent] hang[:seconds] reset sigkill sigstop sigcont;
			  a signal goes to every process of the node, or to one: 30s:sigkill:node-1/agent""";

	private static final Pattern STAGE = Pattern.compile("([0-9]+(?:ms|s|m|h))@([0-9]+(?:\\.[0-9]+)?)");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public LoadGenSettings {
		if (target == null || !("http".equals(target.getScheme()) || "https".equals(target.getScheme()))
				|| target.getHost() == null) {
			throw new IllegalArgumentException(
					"--target must be an http(s) URL such as http://localhost:8080, was " + target);
		}
		if (!chaos.isEmpty() && provisioner == null) {
			throw new IllegalArgumentException(
					"--chaos needs to find nodes: give --stack=.local-stack/stack.json or --provisioner and --provisioner-token");
		}
	}

	static LoadGenSettings parse(String[] args, long defaultSeed) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String name : List.of("target", "rate", "duration", "stages", "seed", "mix", "malformed", "timeout",
				"connect-timeout", "max-in-flight", "json", "chaos", "stack", "provisioner", "provisioner-token",
				"answered-by", "max-failed-share")) {
			values.put(name, null);
		}
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
		URI target = null;
		URI provisioner = uri(values, "provisioner");
		String token = values.get("provisioner-token");
		if (values.get("stack") != null) {
			JsonNode stack = readStack(Path.of(values.get("stack")));
			target = URI.create(stack.path("gateway").asString());
			if (provisioner == null) {
				provisioner = URI.create(stack.path("provisioner").path("url").asString());
				token = stack.path("provisioner").path("token").asString();
			}
		}
		if (values.get("target") != null) {
			target = uri(values, "target");
		}
		if (provisioner != null && (token == null || token.isBlank())) {
			throw new IllegalArgumentException("--provisioner needs --provisioner-token");
		}
		RequestMix mix = (values.get("mix") != null) ? RequestMix.read(Path.of(values.get("mix")))
				: RequestMix.sampleApp(0.05);
		if (values.get("malformed") != null) {
			mix = mix.withMalformedShare(number(values, "malformed"));
		}
		Double maxFailedShare = (values.get("max-failed-share") != null) ? number(values, "max-failed-share") : null;
		return new LoadGenSettings(target, plan(values),
				(values.get("seed") != null) ? whole(values, "seed") : defaultSeed, mix,
				duration(values, "timeout", "10s"), duration(values, "connect-timeout", "2s"),
				(values.get("json") != null) ? Path.of(values.get("json")) : null,
				ChaosSchedule.parse(values.get("chaos")), provisioner, token,
				(values.get("answered-by") != null) ? values.get("answered-by") : "node", maxFailedShare);
	}

	private static LoadPlan plan(Map<String, String> values) {
		int maxInFlight = (values.get("max-in-flight") != null) ? (int) whole(values, "max-in-flight") : 10_000;
		if (values.get("stages") != null) {
			if (values.get("rate") != null || values.get("duration") != null) {
				throw new IllegalArgumentException("give either --stages or --rate and --duration, not both");
			}
			List<LoadPlan.Stage> stages = new ArrayList<>();
			for (String stage : values.get("stages").split(",")) {
				Matcher matcher = STAGE.matcher(stage.trim());
				if (!matcher.matches()) {
					throw new IllegalArgumentException(
							"--stages must look like 30s@100,60s@400 (duration@requests per second), got '" + stage
									+ "'");
				}
				stages.add(new LoadPlan.Stage(Durations.parse(matcher.group(1), "--stages"),
						Double.parseDouble(matcher.group(2))));
			}
			return new LoadPlan(stages, maxInFlight);
		}
		double rate = (values.get("rate") != null) ? number(values, "rate") : 100;
		return new LoadPlan(List.of(new LoadPlan.Stage(duration(values, "duration", "60s"), rate)), maxInFlight);
	}

	private static JsonNode readStack(Path file) {
		try {
			return JSON.readTree(Files.readString(file));
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("cannot read the stack file " + file
					+ " (is the local stack running? ./run-local.sh writes it): " + ex.getMessage());
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("the stack file " + file + " is not valid JSON: " + ex.getMessage());
		}
	}

	private static URI uri(Map<String, String> values, String name) {
		String value = values.get(name);
		if (value == null) {
			return null;
		}
		try {
			return URI.create(value);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("--" + name + " is not a URL: " + value);
		}
	}

	private static Duration duration(Map<String, String> values, String name, String fallback) {
		return Durations.parse((values.get(name) != null) ? values.get(name) : fallback, "--" + name);
	}

	private static double number(Map<String, String> values, String name) {
		try {
			return Double.parseDouble(values.get(name));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a number, was '" + values.get(name) + "'");
		}
	}

	private static long whole(Map<String, String> values, String name) {
		try {
			return Long.parseLong(values.get(name));
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + values.get(name) + "'");
		}
	}

}

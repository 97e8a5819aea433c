package io.monkeyfleet.loadgen.chaos;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One chaos step: {@code AT:ACTION:NODE[/PROCESS][:ARGUMENT[:CORES]]}, for example
 * {@code 10s:cpu:node-1:60} (one core for 60 s), {@code 10s:cpu:node-1:60:2} (two cores),
 * {@code 30s:sigstop:node-2}, {@code 45s:sigcont:node-2},
 * {@code 5s:sigkill:node-3/agent}.
 *
 * @param at when, from the start of the run
 * @param action what
 * @param node the node's id
 * @param process for a signal, the one process of the node to signal ({@code app},
 * {@code agent}); {@code null} signals every process of the node
 * @param argument the action's number (seconds, percent)
 * @param cores for {@code cpu}, how many cores to burn (1 unless given)
 */
public record ChaosStep(Duration at, ChaosAction action, String node, String process, int argument, int cores) {

	private static final Pattern STEP = Pattern.compile(
			"([0-9]+(?:ms|s|m))[:]([a-zA-Z]+):([A-Za-z0-9._-]{1,63})(?:/([A-Za-z0-9._-]{1,63}))?(?::([0-9]{1,6}))?(?::([0-9]{1,2}))?");

	public ChaosStep {
		if (at == null || at.isNegative()) {
			throw new IllegalArgumentException("a chaos step's time must be zero or more");
		}
		if (cores < 1 || (cores > 1 && action != ChaosAction.CPU)) {
			throw new IllegalArgumentException("only a cpu step takes a number of cores, at least 1");
		}
		if (process != null && action.http()) {
			throw new IllegalArgumentException(
					"chaos " + action.name().toLowerCase(Locale.ROOT) + " goes to the node's app; name no process");
		}
	}

	/**
	 * @throws IllegalArgumentException saying what a step looks like
	 */
	public static ChaosStep parse(String text) {
		Matcher matcher = STEP.matcher(text.trim());
		if (!matcher.matches()) {
			throw new IllegalArgumentException("chaos step '" + text
					+ "' must look like AT:ACTION:NODE[/PROCESS][:ARGUMENT[:CORES]], for example 10s:cpu:node-1:60 or 30s:sigstop:node-2");
		}
		ChaosAction action = ChaosAction.parse(matcher.group(2));
		int argument = (matcher.group(5) != null) ? Integer.parseInt(matcher.group(5)) : action.defaultArgument();
		int cores = (matcher.group(6) != null) ? Integer.parseInt(matcher.group(6)) : 1;
		return new ChaosStep(duration(matcher.group(1)), action, matcher.group(3), matcher.group(4), argument, cores);
	}

	/** {@code 500ms}, {@code 10s} or {@code 2m}. */
	static Duration duration(String text) {
		if (text.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
		}
		long amount = Long.parseLong(text.substring(0, text.length() - 1));
		return text.endsWith("m") ? Duration.ofMinutes(amount) : Duration.ofSeconds(amount);
	}

	@Override
	public String toString() {
		return this.at.toMillis() + "ms:" + this.action.name().toLowerCase(Locale.ROOT) + ":" + this.node
				+ ((this.process != null) ? "/" + this.process : "") + (this.action.http() ? ":" + this.argument : "")
				+ ((this.cores > 1) ? ":" + this.cores : "");
	}

}

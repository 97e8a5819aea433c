package io.monkeyfleet.monkey.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.monkeyfleet.model.MetricsSample;

/** Samples written as event evidence, one entry per sample, oldest first. */
public final class Evidence {

	private Evidence() {
	}

	public static Map<String, String> of(List<MetricsSample> samples) {
		Map<String, String> evidence = new LinkedHashMap<>();
		for (MetricsSample sample : samples) {
			evidence.put("sample-" + sample.sequence(), describe(sample));
		}
		return evidence;
	}

	public static String describe(MetricsSample sample) {
		return String.format(Locale.ROOT, "at %s: cpu %.1f%%, memory %.1f%%, health %s", sample.sampledAt(),
				sample.cpuPercent(), sample.memoryPercent(), sample.appHealth());
	}

}

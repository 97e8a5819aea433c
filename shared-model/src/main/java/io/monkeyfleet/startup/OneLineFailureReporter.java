package io.monkeyfleet.startup;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalysisReporter;

/**
 * Reports a start-up failure that Spring Boot understood (bad configuration, a port in
 * use) as one log line: what is wrong and what to do, no stack trace. It replaces Boot's
 * multi-line report, which {@link QuietDefaultFailureReport} silences.
 */
public class OneLineFailureReporter implements FailureAnalysisReporter {

	private static final Logger logger = LoggerFactory.getLogger(OneLineFailureReporter.class);

	@Override
	public void report(FailureAnalysis analysis) {
		logger.error(format(analysis));
	}

	static String format(FailureAnalysis analysis) {
		String line = "Cannot start: " + oneLine(analysis.getDescription());
		String action = oneLine(analysis.getAction());
		return action.isEmpty() ? line : line + " Fix: " + action;
	}

	private static String oneLine(String text) {
		if (text == null) {
			return "";
		}
		// "Reason: java.lang.IllegalArgumentException: port must be..." reads better
		// without the class.
		return text.replaceAll("\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error): ", "")
			.replaceAll("\\s+", " ")
			.trim();
	}

}

package io.monkeyfleet.gateway.seed;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad seed file into Monkey Fleet's one-line start-up failure. */
public final class BadSeedFileFailureAnalyzer extends AbstractFailureAnalyzer<BadSeedFileException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BadSeedFileException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Correct the seed file, or unset monkeyfleet.gateway.seed.file to start without one.", cause);
	}

}

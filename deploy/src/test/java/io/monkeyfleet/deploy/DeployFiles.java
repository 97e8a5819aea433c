package io.monkeyfleet.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the deployment files are: the tests run in the {@code deploy} module's folder.
 */
final class DeployFiles {

	private DeployFiles() {
	}

	/** The {@code deploy/} folder. */
	static Path deploy() {
		return Path.of("").toAbsolutePath();
	}

	/** The repository's root. */
	static Path repository() {
		return deploy().getParent();
	}

	static Path file(String relativeToDeploy) {
		Path file = deploy().resolve(relativeToDeploy);
		if (!Files.exists(file)) {
			throw new IllegalStateException("missing " + file);
		}
		return file;
	}

	static String read(String relativeToDeploy) {
		try {
			return Files.readString(file(relativeToDeploy));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

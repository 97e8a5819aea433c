package io.monkeyfleet.loadgen.mix;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RequestMixTests {

	@TempDir
	Path folder;

	@Test
	void aMixIsReadFromYaml() throws Exception {
		Path file = this.folder.resolve("mix.yml");
		Files.writeString(file, """
				malformedShare: 0.1
				routes:
				  - path: /
				    weight: 6
				  - method: POST
				    path: /orders
				    query: { dryRun: ["true", "false"] }
				    headers: { X-Tenant: ["a", "b"] }
				    bodies: ['{"item": 1}']
				    weight: 2
				""");
		RequestMix mix = RequestMix.read(file);
		assertThat(mix.malformedShare()).isEqualTo(0.1);
		assertThat(mix.routes()).hasSize(2);
		assertThat(mix.routes().get(1).method()).isEqualTo("POST");
		assertThat(mix.routes().get(1).query()).containsEntry("dryRun", java.util.List.of("true", "false"));
		assertThat(mix.routes().get(1).contentType()).isEqualTo("application/json");
	}

	@Test
	void aBadFileIsRefusedNamingTheFileAndTheProblem() throws Exception {
		Path file = this.folder.resolve("bad.yml");
		Files.writeString(file, "routes:\n  - path: relative\n");
		assertThatIllegalArgumentException().isThrownBy(() -> RequestMix.read(file))
			.withMessageContaining("bad.yml is not valid")
			.withMessageContaining("must start with '/'");
		Files.writeString(file, "malformedShare: 2\nroutes:\n  - path: /\n");
		assertThatIllegalArgumentException().isThrownBy(() -> RequestMix.read(file))
			.withMessageContaining("bad.yml is not valid")
			.withMessageContaining("from 0 to 1");
		Files.writeString(file, "routes: []\nsurprise: 1\n");
		assertThatIllegalArgumentException().isThrownBy(() -> RequestMix.read(file))
			.withMessageContaining("bad.yml is not valid");
		assertThatIllegalArgumentException().isThrownBy(() -> RequestMix.read(this.folder.resolve("missing.yml")))
			.withMessageContaining("cannot read mix file");
	}

}

package io.monkeyfleet.loadgen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.monkeyfleet.loadgen.run.LoadPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LoadGenSettingsTests {

	@TempDir
	Path folder;

	@Test
	void defaultsAreAHundredRequestsASecondForAMinuteWithFivePercentMalformed() {
		LoadGenSettings settings = LoadGenSettings.parse(new String[] { "--target=http://localhost:8080" }, 99);
		assertThat(settings.plan().stages()).containsExactly(new LoadPlan.Stage(Duration.ofSeconds(60), 100));
		assertThat(settings.seed()).isEqualTo(99);
		assertThat(settings.mix().malformedShare()).isEqualTo(0.05);
		assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(settings.chaos().isEmpty()).isTrue();
	}

	@Test
	void stagesSeedMalformedShareAndChaosAreRead() {
		LoadGenSettings settings = LoadGenSettings.parse(new String[] { "--target=http://localhost:8080",
				"--stages=30s@100,1m@400.5", "--seed=7", "--malformed=0", "--chaos=10s:cpu:node-1:60",
				"--provisioner=http://localhost:8082", "--provisioner-token=t", "--max-failed-share=0.001" }, 1);
		assertThat(settings.plan().stages()).containsExactly(new LoadPlan.Stage(Duration.ofSeconds(30), 100),
				new LoadPlan.Stage(Duration.ofMinutes(1), 400.5));
		assertThat(settings.seed()).isEqualTo(7);
		assertThat(settings.mix().malformedShare()).isZero();
		assertThat(settings.chaos().steps()).hasSize(1);
		assertThat(settings.maxFailedShare()).isEqualTo(0.001);
	}

	@Test
	void theStackFileGivesTheGatewayAndTheProvisioner() throws Exception {
		Path stack = this.folder.resolve("stack.json");
		Files.writeString(stack, """
				{"gateway": "http://127.0.0.1:18080", "provisioner": {"url": "http://127.0.0.1:18082", "token": "abc"}}
				""");
		LoadGenSettings settings = LoadGenSettings.parse(new String[] { "--stack=" + stack, "--chaos=1s:hang:node-1" },
				1);
		assertThat(settings.target()).hasToString("http://127.0.0.1:18080");
		assertThat(settings.provisioner()).hasToString("http://127.0.0.1:18082");
		assertThat(settings.provisionerToken()).isEqualTo("abc");
	}

	@Test
	void badArgumentsSayWhichAndWhy() {
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--target=http://x", "--rate=fast"))
			.withMessage("--rate must be a number, was 'fast'");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--target=ftp://x"))
			.withMessageContaining("--target must be an http(s) URL");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--target=http://x", "--duration=10 seconds"))
			.withMessageContaining("--duration must be a duration such as 500ms");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--target=http://x", "--speed=1"))
			.withMessageContaining("unknown argument --speed");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--target=http://x", "--chaos=1s:cpu:node-1"))
			.withMessageContaining("--chaos needs to find nodes");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> parse("--target=http://x", "--stages=30s@100", "--rate=5"))
			.withMessageContaining("not both");
		assertThatIllegalArgumentException().isThrownBy(() -> parse("--stack=/nowhere/stack.json"))
			.withMessageContaining("is the local stack running?");
	}

	private static LoadGenSettings parse(String... args) {
		return LoadGenSettings.parse(args, 1);
	}

}
